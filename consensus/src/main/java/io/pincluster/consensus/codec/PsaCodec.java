package io.pincluster.consensus.codec;

import io.pincluster.core.psa.PsaOp;
import io.pincluster.core.psa.PsaPin;
import io.pincluster.core.psa.PsaRecords;
import io.pincluster.core.psa.Tenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Binary form of a change of the Pinning Service API's pin requests ({@link PsaOp}): the request a peer submits,
 * and the log entry the leader writes from it with the request's creation time appended. Starts with its own kind
 * byte ({@code 'S'}), so the state machine tells it from pin batches, directory changes and token revocations by
 * the first byte. Also reads and writes single requests for the snapshot file (format 5).
 *
 * <p>Format 1: the kind byte, the version byte, the operation (1 put, 2 remove), then one length-prefixed record.
 * Put: the request (ID, owner, CID, name if any, origins, meta, replication), the ID it replaces if any, the
 * owner's quota the leader checks (0: none), and, in a log entry, the creation time the leader gave it. Remove:
 * the request ID. A later build may append optional fields to the record; this one skips them.
 *
 * <p>Format 2 (decision 0017) adds two operations on tenant records, written only in format 2 (puts and removals of
 * pin requests are still written in format 1, byte for byte as before): 3, a tenant put (the write mode, 1 create or
 * 2 update; the name, pin quota, byte quota, replication minimum and maximum (zigzag), disabled flag, and, in a log
 * entry, the creation time the leader gave or kept), and 4, a tenant removal (the name). A build reading only
 * format 1 refuses them by their version byte.
 */
public final class PsaCodec {
    /** First byte of every Pinning Service API message. */
    public static final int KIND = 'S';
    /** The formats this build reads; it writes the newest unless asked for an older one. */
    public static final FormatVersions FORMAT = new FormatVersions("pinning service request", 1, 2);
    /** Pin request puts and removals: format 1, as the build before tenant records wrote them. */
    private static final int PIN_FORMAT = 1;
    /** Tenant records need format 2. */
    private static final int TENANT_FORMAT = 2;
    private static final int PUT = 1;
    private static final int REMOVE = 2;
    private static final int TENANT_PUT = 3;
    private static final int TENANT_REMOVE = 4;

    /** A put as a peer submits it: the leader gives it its creation time. */
    public record PutRequest(PsaPin pin, String replaces, int maxPinsPerOwner) {
    }

    /** A tenant put as a peer submits it: the leader checks the mode and gives or keeps the creation time. */
    public record TenantRequest(Tenant tenant, PsaRecords.TenantWrite mode) {
    }

    private PsaCodec() {
    }

    public static boolean isPsaMessage(byte[] data) {
        return data.length > 0 && (data[0] & 0xff) == KIND;
    }

    /** The request a peer submits to add (or replace) a pin request; {@code pin.created()} is ignored. */
    public static byte[] encodePutRequest(PsaPin pin, String replaces, int maxPinsPerOwner) {
        return encodePut(pin, replaces, maxPinsPerOwner, null);
    }

    /** The log entry of a put: the request with its creation time. */
    public static byte[] encodePutEntry(PsaPin pin, String replaces, int maxPinsPerOwner) {
        return encodePut(pin, replaces, maxPinsPerOwner, java.util.Objects.requireNonNull(pin.created(), "created"));
    }

    private static byte[] encodePut(PsaPin pin, String replaces, int maxPinsPerOwner, Instant created) {
        BinaryWriter w = new BinaryWriter(160).u8(KIND).u8(FORMAT.writable(PIN_FORMAT)).u8(PUT);
        int mark = w.beginRecord();
        writeFields(w, pin);
        w.bool(replaces != null);
        if (replaces != null) {
            w.string(replaces);
        }
        w.varint(maxPinsPerOwner);
        if (created != null) {
            w.instant(created);
        }
        w.endRecord(mark);
        return w.toByteArray();
    }

    /** A removal; the same bytes are the request and the log entry. */
    public static byte[] encodeRemove(String requestId) {
        BinaryWriter w = new BinaryWriter(48).u8(KIND).u8(FORMAT.writable(PIN_FORMAT)).u8(REMOVE);
        int mark = w.beginRecord();
        w.string(requestId);
        w.endRecord(mark);
        return w.toByteArray();
    }

    /** The request a peer submits to create or change a tenant record; {@code tenant.created()} is ignored. */
    public static byte[] encodeTenantRequest(Tenant tenant, PsaRecords.TenantWrite mode) {
        return encodeTenant(tenant, mode, null);
    }

    /** The log entry of a tenant put: the request with the record's creation time. */
    public static byte[] encodeTenantEntry(Tenant tenant, PsaRecords.TenantWrite mode) {
        return encodeTenant(tenant, mode, java.util.Objects.requireNonNull(tenant.created(), "created"));
    }

    private static byte[] encodeTenant(Tenant tenant, PsaRecords.TenantWrite mode, Instant created) {
        BinaryWriter w = new BinaryWriter(64).u8(KIND).u8(FORMAT.writable(TENANT_FORMAT)).u8(TENANT_PUT);
        int mark = w.beginRecord();
        w.u8(mode.ordinal() + 1);
        writeTenantFields(w, tenant);
        if (created != null) {
            w.instant(created);
        }
        w.endRecord(mark);
        return w.toByteArray();
    }

    /** A tenant removal; the same bytes are the request and the log entry. */
    public static byte[] encodeTenantRemove(String name) {
        BinaryWriter w = new BinaryWriter(48).u8(KIND).u8(FORMAT.writable(TENANT_FORMAT)).u8(TENANT_REMOVE);
        int mark = w.beginRecord();
        w.string(name);
        w.endRecord(mark);
        return w.toByteArray();
    }

    /** Whether {@code data} (a Pinning Service API message) is a tenant put. */
    public static boolean isTenantPut(byte[] data) {
        return data.length > 2 && data[2] == TENANT_PUT;
    }

    /** A tenant put request (no creation time yet). */
    public static TenantRequest decodeTenantRequest(byte[] data) {
        BinaryReader r = open(data);
        if (r.u8() != TENANT_PUT) {
            throw new MalformedDataException("not a tenant put");
        }
        int outer = r.beginRecord("tenant request");
        PsaRecords.TenantWrite mode = mode(r.u8());
        Tenant tenant = readTenantFields(r, null);
        r.endRecord(outer);
        r.expectEnd("tenant request");
        return new TenantRequest(tenant, mode);
    }

    private static PsaRecords.TenantWrite mode(int b) {
        if (b < 1 || b > PsaRecords.TenantWrite.values().length) {
            throw new MalformedDataException("unknown tenant write mode " + b);
        }
        return PsaRecords.TenantWrite.values()[b - 1];
    }

    /** A put request (no creation time yet). */
    public static PutRequest decodePutRequest(byte[] data) {
        BinaryReader r = open(data);
        if (r.u8() != PUT) {
            throw new MalformedDataException("not a pinning service put");
        }
        int outer = r.beginRecord("pinning service request");
        PsaPin pin = readFields(r, null);
        String replaces = r.bool() ? requestId(r.string()) : null;
        int quota = r.count(Integer.MAX_VALUE, "quota");
        r.endRecord(outer);
        r.expectEnd("pinning service request");
        return new PutRequest(pin, replaces, quota);
    }

    /** Whether {@code data} (a Pinning Service API message) is a put. */
    public static boolean isPut(byte[] data) {
        return data.length > 2 && data[2] == PUT;
    }

    /** A log entry: a put with its creation time, or a removal. */
    public static PsaOp decodeEntry(byte[] data) {
        BinaryReader r = open(data);
        int version = data[1];
        int op = r.u8();
        if ((op == TENANT_PUT || op == TENANT_REMOVE) && version < TENANT_FORMAT) {
            throw new MalformedDataException("a tenant operation in pinning service request format " + version);
        }
        int outer = r.beginRecord("pinning service request");
        PsaOp result;
        if (op == TENANT_PUT) {
            mode(r.u8());
            Tenant tenant = readTenantFields(r, null);
            if (r.remaining() == 0) {
                throw new MalformedDataException("a tenant entry without its creation time");
            }
            result = new PsaOp.PutTenant(tenant.createdAt(r.instant()));
        } else if (op == TENANT_REMOVE) {
            try {
                result = new PsaOp.RemoveTenant(r.string());
            } catch (IllegalArgumentException e) {
                throw new MalformedDataException("bad tenant name");
            }
        } else if (op == PUT) {
            PsaPin pin = readFields(r, null);
            String replaces = r.bool() ? requestId(r.string()) : null;
            r.count(Integer.MAX_VALUE, "quota");
            if (r.remaining() == 0) {
                throw new MalformedDataException("a pinning service entry without its creation time");
            }
            result = new PsaOp.Put(pin.createdAt(r.instant()), replaces);
        } else if (op == REMOVE) {
            result = new PsaOp.Remove(requestId(r.string()));
        } else {
            throw new MalformedDataException("unknown pinning service operation " + op);
        }
        r.endRecord(outer);
        r.expectEnd("pinning service entry");
        return result;
    }

    private static BinaryReader open(byte[] data) {
        BinaryReader r = new BinaryReader(data);
        int kind = r.u8();
        if (kind != KIND) {
            throw new MalformedDataException("not a pinning service request (kind byte " + kind + ")");
        }
        FORMAT.check(r.u8());
        return r;
    }

    private static String requestId(String id) {
        if (!PsaPin.validRequestId(id)) {
            throw new MalformedDataException("bad request ID");
        }
        return id;
    }

    /** A committed request for a snapshot: its fields, then its creation time. */
    public static void writeRecord(BinaryWriter w, PsaPin pin) {
        writeFields(w, pin);
        w.instant(pin.created());
    }

    /** Reads what {@link #writeRecord} wrote; the caller skips any appended fields. */
    public static PsaPin readRecord(BinaryReader r) {
        PsaPin pin = readFields(r, null);
        return pin.createdAt(r.instant());
    }

    private static void writeFields(BinaryWriter w, PsaPin pin) {
        w.string(pin.requestId()).string(pin.owner()).cid(pin.cid()).bool(pin.name() != null);
        if (pin.name() != null) {
            w.string(pin.name());
        }
        w.varint(pin.origins().size());
        pin.origins().forEach(w::string);
        w.varint(pin.meta().size());
        pin.meta().forEach((k, v) -> w.string(k).string(v));
        w.zigzag(pin.replication());
    }

    private static PsaPin readFields(BinaryReader r, Instant created) {
        String id = r.string();
        String owner = r.string();
        var cid = r.cid();
        String name = r.bool() ? r.string() : null;
        int originCount = r.count(PsaPin.MAX_ORIGINS, "origins");
        List<String> origins = new ArrayList<>(originCount);
        for (int i = 0; i < originCount; i++) {
            origins.add(r.string());
        }
        int metaCount = r.count(PsaPin.MAX_META_ENTRIES, "meta entries");
        Map<String, String> meta = new TreeMap<>();
        for (int i = 0; i < metaCount; i++) {
            meta.put(r.string(), r.string());
        }
        int replication = r.zigzagInt("replication");
        try {
            return new PsaPin(id, owner, cid, name, origins, meta, replication, created);
        } catch (IllegalArgumentException e) {
            throw new MalformedDataException("bad pinning service request: " + e.getMessage());
        }
    }

    /** A committed tenant record for a snapshot: its fields, then its creation time. */
    public static void writeTenantRecord(BinaryWriter w, Tenant tenant) {
        writeTenantFields(w, tenant);
        w.instant(tenant.created());
    }

    /** Reads what {@link #writeTenantRecord} wrote; the caller skips any appended fields. */
    public static Tenant readTenantRecord(BinaryReader r) {
        Tenant tenant = readTenantFields(r, null);
        return tenant.createdAt(r.instant());
    }

    private static void writeTenantFields(BinaryWriter w, Tenant t) {
        w.string(t.name()).varint(t.maxPins()).varint(t.maxBytes()).zigzag(t.replicationMin())
                .zigzag(t.replicationMax()).bool(t.disabled());
    }

    private static Tenant readTenantFields(BinaryReader r, Instant created) {
        String name = r.string();
        int maxPins = r.count(Integer.MAX_VALUE, "max pins");
        long maxBytes = r.varint();
        int min = r.zigzagInt("replication minimum");
        int max = r.zigzagInt("replication maximum");
        boolean disabled = r.bool();
        try {
            return new Tenant(name, maxPins, maxBytes, min, max, disabled, created);
        } catch (IllegalArgumentException e) {
            throw new MalformedDataException("bad tenant record: " + e.getMessage());
        }
    }
}
