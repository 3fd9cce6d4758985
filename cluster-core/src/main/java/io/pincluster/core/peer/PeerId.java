package io.pincluster.core.peer;

import io.pincluster.core.cid.CidParseException;
import io.pincluster.core.cid.Multibase;
import io.pincluster.core.cid.Multihash;

/**
 * A peer's identity in the libp2p form: the base58btc multihash of its protobuf-encoded public key
 * (identity multihash for Ed25519 keys, hence {@code 12D3KooW...}). Compared by its string form,
 * which is canonical.
 */
public record PeerId(String value) implements Comparable<PeerId> {
    public PeerId {
        if (value == null || value.isEmpty()) {
            throw new CidParseException("empty peer ID");
        }
        try {
            Multihash.decode(Multibase.BASE58BTC.decodeRaw(value));
        } catch (CidParseException e) {
            throw new CidParseException("invalid peer ID '" + value + "': " + e.getMessage());
        }
    }

    public static PeerId parse(String value) {
        return new PeerId(value);
    }

    /** The peer ID of a public key already encoded as a libp2p PublicKey protobuf. */
    public static PeerId ofPublicKeyProto(byte[] publicKeyProto) {
        return new PeerId(Multibase.BASE58BTC.encodeRaw(Multihash.identity(publicKeyProto).bytes()));
    }

    @Override
    public int compareTo(PeerId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
