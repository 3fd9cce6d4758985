package io.pincluster.ipld.unixfs;

import io.pincluster.ipld.dagpb.ProtoReader;
import io.pincluster.ipld.dagpb.ProtoWire;
import java.util.Arrays;

/**
 * The UnixFS {@code Data} protobuf message carried in a dag-pb node's Data field: Type(1), Data(2),
 * filesize(3), blocksizes(4, repeated), hashType(5), fanout(6). mode(7) and mtime(8) are accepted on
 * read and dropped, since nothing here serves them. Optional fields that are absent are {@code null}.
 */
public final class UnixFsData {
    private static final int TYPE = 1;
    private static final int DATA = 2;
    private static final int FILESIZE = 3;
    private static final int BLOCKSIZES = 4;
    private static final int HASH_TYPE = 5;
    private static final int FANOUT = 6;
    private static final int MODE = 7;
    private static final int MTIME = 8;

    private static final long[] NO_SIZES = new long[0];

    private final UnixFsType type;
    private final byte[] data;
    private final Long fileSize;
    private final long[] blockSizes;
    private final Long hashType;
    private final Long fanout;

    public UnixFsData(UnixFsType type, byte[] data, Long fileSize, long[] blockSizes, Long hashType, Long fanout) {
        this.type = type;
        this.data = data;
        this.fileSize = fileSize;
        this.blockSizes = blockSizes == null ? NO_SIZES : blockSizes;
        this.hashType = hashType;
        this.fanout = fanout;
    }

    /** A plain directory node's data, as Kubo writes it (the type alone). */
    public static UnixFsData directory() {
        return new UnixFsData(UnixFsType.DIRECTORY, null, null, null, null, null);
    }

    public UnixFsType type() {
        return type;
    }

    /** The inline bytes, or null when absent. Not copied. */
    public byte[] data() {
        return data;
    }

    public Long fileSize() {
        return fileSize;
    }

    /** Not copied: callers must not modify it. */
    public long[] blockSizes() {
        return blockSizes;
    }

    public Long hashType() {
        return hashType;
    }

    public Long fanout() {
        return fanout;
    }

    public byte[] encode() {
        int size = ProtoWire.varintFieldSize(TYPE, type.code());
        if (data != null) {
            size += ProtoWire.lenFieldSize(DATA, data.length);
        }
        if (fileSize != null) {
            size += ProtoWire.varintFieldSize(FILESIZE, fileSize);
        }
        for (long b : blockSizes) {
            size += ProtoWire.varintFieldSize(BLOCKSIZES, b);
        }
        if (hashType != null) {
            size += ProtoWire.varintFieldSize(HASH_TYPE, hashType);
        }
        if (fanout != null) {
            size += ProtoWire.varintFieldSize(FANOUT, fanout);
        }
        byte[] out = new byte[size];
        int p = ProtoWire.writeVarintField(TYPE, type.code(), out, 0);
        if (data != null) {
            p = ProtoWire.writeBytesField(DATA, data, 0, data.length, out, p);
        }
        if (fileSize != null) {
            p = ProtoWire.writeVarintField(FILESIZE, fileSize, out, p);
        }
        // proto2 repeated scalars are unpacked: one tag per size, as go-unixfs writes them.
        for (long b : blockSizes) {
            p = ProtoWire.writeVarintField(BLOCKSIZES, b, out, p);
        }
        if (hashType != null) {
            p = ProtoWire.writeVarintField(HASH_TYPE, hashType, out, p);
        }
        if (fanout != null) {
            ProtoWire.writeVarintField(FANOUT, fanout, out, p);
        }
        return out;
    }

    public static UnixFsData decode(byte[] in) {
        Sliced s = decodeSliced(in, 0, in.length);
        UnixFsData m = s.meta();
        byte[] data = s.hasData() ? Arrays.copyOfRange(in, s.dataOffset(), s.dataOffset() + s.dataLength()) : null;
        return new UnixFsData(m.type, data, m.fileSize, m.blockSizes, m.hashType, m.fanout);
    }

    /**
     * Decoded UnixFS Data whose own Data field stays in the array it came in ({@code meta().data()} is null;
     * {@code dataOffset} is -1 when the field is absent): a file leaf's content is read without a copy.
     */
    public record Sliced(UnixFsData meta, int dataOffset, int dataLength) {
        public boolean hasData() {
            return dataOffset >= 0;
        }
    }

    /** As {@link #decode(byte[])} over {@code in[offset, offset + length)}, just as strict, without copying Data. */
    public static Sliced decodeSliced(byte[] in, int offset, int length) {
        ProtoReader r = new ProtoReader(in, offset, offset + length,
                msg -> new UnixFsException("UnixFS Data: " + msg));
        UnixFsType type = null;
        int dataOffset = -1;
        int dataLength = 0;
        Long fileSize = null;
        long[] sizes = NO_SIZES;
        int sizeCount = 0;
        Long hashType = null;
        Long fanout = null;
        while (r.hasMore()) {
            int at = r.position();
            int tag = r.readTag();
            int field = ProtoReader.field(tag);
            int wire = ProtoReader.wireType(tag);
            switch (field) {
                case TYPE -> type = UnixFsType.of(varint(r, wire, "Type", at));
                case DATA -> {
                    expect(wire, ProtoWire.WIRE_LEN, "Data", at);
                    dataOffset = r.readLengthDelimited();
                    dataLength = r.lastLength();
                }
                case FILESIZE -> fileSize = varint(r, wire, "filesize", at);
                case BLOCKSIZES -> {
                    if (wire == ProtoWire.WIRE_LEN) {
                        // Packed form: legal protobuf for a repeated scalar, so read it too.
                        int start = r.readLengthDelimited();
                        ProtoReader packed = new ProtoReader(in, start, start + r.lastLength(),
                                msg -> new UnixFsException("UnixFS Data: packed blocksizes: " + msg));
                        while (packed.hasMore()) {
                            sizes = append(sizes, sizeCount++, packed.readVarint());
                        }
                    } else {
                        sizes = append(sizes, sizeCount++, varint(r, wire, "blocksizes", at));
                    }
                }
                case HASH_TYPE -> hashType = varint(r, wire, "hashType", at);
                case FANOUT -> fanout = varint(r, wire, "fanout", at);
                case MODE -> varint(r, wire, "mode", at);
                case MTIME -> {
                    expect(wire, ProtoWire.WIRE_LEN, "mtime", at);
                    r.readLengthDelimited();
                }
                default -> throw new UnixFsException("UnixFS Data: unknown field " + field + " at offset " + at);
            }
        }
        if (type == null) {
            throw new UnixFsException("UnixFS Data: required field Type is missing");
        }
        return new Sliced(new UnixFsData(type, null, fileSize, Arrays.copyOf(sizes, sizeCount), hashType, fanout),
                dataOffset, dataLength);
    }

    private static long varint(ProtoReader r, int wire, String name, int at) {
        expect(wire, ProtoWire.WIRE_VARINT, name, at);
        return r.readVarint();
    }

    private static void expect(int wire, int expected, String name, int at) {
        if (wire != expected) {
            throw new UnixFsException("UnixFS Data: field " + name + " at offset " + at + " has wire type " + wire
                    + ", expected " + expected);
        }
    }

    private static long[] append(long[] sizes, int count, long value) {
        long[] out = count == sizes.length ? Arrays.copyOf(sizes, Math.max(8, count * 2)) : sizes;
        out[count] = value;
        return out;
    }
}
