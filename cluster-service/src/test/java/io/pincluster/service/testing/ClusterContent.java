package io.pincluster.service.testing;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.AddRequest;
import io.pincluster.core.component.AddedOutput;
import io.pincluster.core.component.UploadPart;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.service.ClusterAssembly;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Real content for cluster tests: files added through a peer's add API, and where their copies are pinned. */
public final class ClusterContent {
    private ClusterContent() {
    }

    /**
     * Adds {@code count} small distinct files through {@code peer}'s add API (as {@code POST /add} does), pinned
     * with replication {@code min..max}; returns their root CIDs.
     */
    public static List<Cid> addFiles(ClusterAssembly peer, String label, int count, int min, int max) {
        return addFiles(peer, label, count, min, max, 40);
    }

    /** As above, each file its first line {@code lines} times (a line is about 15 bytes). */
    public static List<Cid> addFiles(ClusterAssembly peer, String label, int count, int min, int max, int lines) {
        List<Cid> cids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            AddRequest request = new AddRequest(PinOptions.DEFAULTS.withReplication(min, max), 1, true,
                    AddRequest.DEFAULT_CHUNK_SIZE, false, false, false, false, false, false, "unixfs");
            List<AddedOutput> out = new ArrayList<>();
            byte[] content = (label + " file " + i + "\n").repeat(lines).getBytes(StandardCharsets.UTF_8);
            peer.api().adds().add(request, List.of(new UploadPart(label + "-" + i, false,
                    new ByteArrayInputStream(content))).iterator(), out::add);
            cids.add(out.get(out.size() - 1).cid());
        }
        return cids;
    }

    /** True when every peer {@code cid} is allocated to is among {@code peers} and holds it pinned. */
    public static boolean pinnedOnEveryAllocation(Collection<ClusterAssembly> peers, Cid cid) {
        Pin pin = peers.iterator().next().consensus().state().get(cid).orElse(null);
        if (pin == null) {
            return false;
        }
        for (PeerId allocated : pin.allocations()) {
            ClusterAssembly holder = peers.stream().filter(p -> p.peerId().equals(allocated)).findFirst().orElse(null);
            if (holder == null || !holder.connector().status(cid).satisfies(pin.options().mode())) {
                return false;
            }
        }
        return true;
    }
}
