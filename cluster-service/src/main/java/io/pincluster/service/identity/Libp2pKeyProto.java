package io.pincluster.service.identity;

import io.pincluster.core.cid.Varint;
import java.io.ByteArrayOutputStream;

/**
 * The two-field libp2p key protobuf ({@code PublicKey} / {@code PrivateKey}: {@code Type} field 1 varint,
 * {@code Data} field 2 bytes), for Ed25519 only. Written by hand because it is 2 fields and libp2p requires
 * this exact field order, which a generic encoder does not promise.
 */
final class Libp2pKeyProto {
    static final int KEY_TYPE_ED25519 = 1;

    private Libp2pKeyProto() {
    }

    static byte[] encode(int keyType, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 4);
        out.write(0x08); // field 1, varint
        Varint.write(keyType, out);
        out.write(0x12); // field 2, length-delimited
        Varint.write(data.length, out);
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** The {@code Data} field of an Ed25519 key protobuf, checked to hold {@code expectedLength} bytes. */
    static byte[] decodeEd25519(byte[] proto, int expectedLength, String what) {
        if (proto.length < 4 || proto[0] != 0x08 || proto[1] != KEY_TYPE_ED25519 || proto[2] != 0x12) {
            throw new IdentityException(what + " is not an Ed25519 libp2p key protobuf");
        }
        int length = proto[3] & 0xFF;
        if (length != expectedLength || proto.length != 4 + length) {
            throw new IdentityException(what + " must hold " + expectedLength + " key bytes, found "
                    + (proto.length - 4));
        }
        byte[] data = new byte[length];
        System.arraycopy(proto, 4, data, 0, length);
        return data;
    }
}
