package io.pincluster.service.cli;

import io.pincluster.service.config.ServiceConfigFile;
import io.pincluster.service.identity.IdentityFile;
import java.nio.file.Path;
import java.util.Map;

/** "name peer-1, ID 12D3Koo...": how {@code up} names a peer folder's peer in its messages. */
final class PeerLabel {
    private PeerLabel() {
    }

    /** Read from the folder's service.json and identity.json; a part that cannot be read is left out. */
    static String of(Path peerDir) {
        String name;
        try {
            name = "name " + ServiceConfigFile.load(peerDir.resolve(ServiceConfigFile.FILE_NAME), Map.of())
                    .cluster().peername();
        } catch (RuntimeException e) {
            name = "name unknown";
        }
        try {
            return name + ", ID " + IdentityFile.read(peerDir.resolve(IdentityFile.FILE_NAME)).peerId().value();
        } catch (RuntimeException e) {
            return name;
        }
    }
}
