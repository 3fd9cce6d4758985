package io.pincluster.service.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerIdentityTest {
    // libp2p specs, peer-ids/peer-ids.md "Test vectors": an Ed25519 PrivateKey and its PublicKey protobuf.
    private static final String SPEC_PRIVATE =
            "080112407e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d"
                    + "1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";
    private static final String SPEC_PUBLIC = "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";
    // The same key's peer ID as rust-libp2p computes it (base58btc of the identity multihash of SPEC_PUBLIC).
    private static final String SPEC_PEER_ID = "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq";

    @Test
    void specVectorGivesTheKnownPublicKeyAndPeerId() {
        PeerIdentity id = PeerIdentity.fromPrivateKeyProto(HexFormat.of().parseHex(SPEC_PRIVATE));

        assertThat(HexFormat.of().formatHex(id.publicKeyProto())).isEqualTo(SPEC_PUBLIC);
        assertThat(id.peerId().value()).isEqualTo(SPEC_PEER_ID);
        assertThat(HexFormat.of().formatHex(id.privateKeyProto())).isEqualTo(SPEC_PRIVATE);
    }

    @Test
    void generatedIdentityHasLibp2pEd25519PeerIdAndSigns() {
        PeerIdentity id = PeerIdentity.generate();
        byte[] msg = "hello".getBytes(StandardCharsets.UTF_8);

        assertThat(id.peerId().value()).startsWith("12D3KooW").hasSize(52);
        assertThat(id.verify(msg, id.sign(msg))).isTrue();
        assertThat(id.verify("other".getBytes(StandardCharsets.UTF_8), id.sign(msg))).isFalse();
        assertThat(id.toString()).doesNotContain(Base64.getEncoder().encodeToString(id.privateKeyProto()));
    }

    @Test
    void privateKeyWhosePublicHalfWasSwappedIsRejected() {
        byte[] proto = PeerIdentity.generate().privateKeyProto();
        byte[] other = PeerIdentity.generate().publicKeyProto();
        System.arraycopy(other, 4, proto, 36, 32);

        assertThatThrownBy(() -> PeerIdentity.fromPrivateKeyProto(proto))
                .isInstanceOf(IdentityException.class)
                .hasMessageContaining("does not belong");
    }

    @Test
    void nonEd25519ProtoIsRejectedByName() {
        byte[] rsaLike = HexFormat.of().parseHex("0800120401020304");
        assertThatThrownBy(() -> PeerIdentity.fromPrivateKeyProto(rsaLike))
                .isInstanceOf(IdentityException.class)
                .hasMessageContaining("not an Ed25519");
    }

    @Test
    void identityFileRoundTripsOwnerOnlyAndRefusesOverwrite(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(IdentityFile.FILE_NAME);
        PeerIdentity id = PeerIdentity.generate();

        IdentityFile.write(file, id, false);
        PeerIdentity back = IdentityFile.read(file);

        assertThat(back.peerId()).isEqualTo(id.peerId());
        assertThat(back.privateKeyProto()).isEqualTo(id.privateKeyProto());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThatThrownBy(() -> IdentityFile.write(file, PeerIdentity.generate(), false))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(IdentityFile.read(file).peerId()).isEqualTo(id.peerId());
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void identityFileWithMismatchedIdIsRejected(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(IdentityFile.FILE_NAME);
        PeerIdentity id = PeerIdentity.generate();
        String key = Base64.getEncoder().encodeToString(id.privateKeyProto());
        Files.writeString(file, "{\"id\":\"" + SPEC_PEER_ID + "\",\"private_key\":\"" + key + "\"}");

        assertThatThrownBy(() -> IdentityFile.read(file))
                .isInstanceOf(IdentityException.class)
                .hasMessageContaining("does not match the private key");
    }

    @Test
    void missingIdentityFileSaysToRunInit(@TempDir Path dir) {
        assertThatThrownBy(() -> IdentityFile.read(dir.resolve(IdentityFile.FILE_NAME)))
                .isInstanceOf(IdentityException.class)
                .hasMessageContaining("pincluster init");
    }
}
