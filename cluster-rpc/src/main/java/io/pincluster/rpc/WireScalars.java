package io.pincluster.rpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.CidParseException;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * The wire forms of the values every peer message is built from: a CID as its binary form, a peer ID as its base58
 * string (empty for none) and an instant as a protobuf {@link Timestamp} (absent reads as the epoch, proto3's
 * zero). Whatever does not decode is a {@link #malformed malformed} message.
 */
final class WireScalars {
    private WireScalars() {
    }

    static ByteString cid(Cid cid) {
        return ByteString.copyFrom(cid.bytes());
    }

    static Cid cid(ByteString bytes) {
        try {
            return Cid.decode(bytes.toByteArray());
        } catch (CidParseException e) {
            throw malformed("bad CID: " + e.getMessage());
        }
    }

    /** {@code peer} as sent; {@code null} (no peer) is the empty string, which no peer ID can be. */
    static String peerId(PeerId peer) {
        return peer == null ? "" : peer.value();
    }

    /** The peer named by {@code value}, or {@code null} when it is empty. */
    static PeerId optionalPeerId(String value) {
        return value.isEmpty() ? null : requiredPeerId(value, "peer");
    }

    static PeerId requiredPeerId(String value, String what) {
        if (value.isEmpty()) {
            throw malformed(what + " without a peer ID");
        }
        try {
            return PeerId.parse(value);
        } catch (CidParseException e) {
            throw malformed(e.getMessage());
        }
    }

    static Timestamp timestamp(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }

    static Instant instant(Timestamp t) {
        try {
            if (t.getNanos() < 0 || t.getNanos() > 999_999_999) {
                throw new DateTimeException("nanos " + t.getNanos());
            }
            return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
        } catch (DateTimeException e) {
            throw malformed("bad timestamp: " + e.getMessage());
        }
    }

    /** A message that does not decode: the same {@code BAD_REQUEST} whichever field or byte is wrong. */
    static ClusterException malformed(String message) {
        return new ClusterException(ErrorCode.BAD_REQUEST, "malformed RPC message: " + message);
    }
}
