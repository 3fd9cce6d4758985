package io.pincluster.ipld.dagpb;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.CidParseException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes and decodes dag-pb blocks per the IPLD dag-pb spec. On the wire the Links (field 2) come
 * before Data (field 1), which is not protobuf's field-number order; links keep their stored order, and
 * each link is written Hash(1), Name(2), Tsize(3). Decoding accepts only that canonical form, so a block
 * decodes only if re-encoding it gives the same bytes (and the same CID).
 */
public final class DagPbCodec {
    /** Largest block accepted from untrusted input by default (Kubo refuses blocks much past this). */
    public static final int DEFAULT_MAX_BLOCK_SIZE = 2 * 1024 * 1024;

    static final int NODE_DATA = 1;
    static final int NODE_LINKS = 2;
    static final int LINK_HASH = 1;
    static final int LINK_NAME = 2;
    static final int LINK_TSIZE = 3;

    private DagPbCodec() {
    }

    public static byte[] encode(PbNode node) {
        List<PbLink> links = node.links();
        int[] linkSizes = new int[links.size()];
        int total = 0;
        for (int i = 0; i < linkSizes.length; i++) {
            linkSizes[i] = linkSize(links.get(i));
            total += ProtoWire.lenFieldSize(NODE_LINKS, linkSizes[i]);
        }
        byte[] data = node.data();
        if (data != null) {
            total += ProtoWire.lenFieldSize(NODE_DATA, data.length);
        }
        byte[] out = new byte[total];
        int p = 0;
        for (int i = 0; i < linkSizes.length; i++) {
            p = ProtoWire.writeLenHeader(NODE_LINKS, linkSizes[i], out, p);
            p = writeLink(links.get(i), out, p);
        }
        if (data != null) {
            p = ProtoWire.writeBytesField(NODE_DATA, data, 0, data.length, out, p);
        }
        assert p == out.length;
        return out;
    }

    /** Bytes of one encoded PBLink message (without its enclosing field header). */
    public static int linkSize(PbLink link) {
        int size = ProtoWire.lenFieldSize(LINK_HASH, link.hash().byteLength());
        if (link.name() != null) {
            size += ProtoWire.lenFieldSize(LINK_NAME, utf8Length(link.name()));
        }
        if (link.tsize() != null) {
            size += ProtoWire.varintFieldSize(LINK_TSIZE, link.tsize());
        }
        return size;
    }

    /** Writes one PBLink message body at {@code offset}; returns the offset after it. */
    public static int writeLink(PbLink link, byte[] out, int offset) {
        Cid cid = link.hash();
        int p = ProtoWire.writeLenHeader(LINK_HASH, cid.byteLength(), out, offset);
        cid.copyBytesTo(out, p);
        p += cid.byteLength();
        if (link.name() != null) {
            byte[] name = link.name().getBytes(StandardCharsets.UTF_8);
            p = ProtoWire.writeBytesField(LINK_NAME, name, 0, name.length, out, p);
        }
        if (link.tsize() != null) {
            p = ProtoWire.writeVarintField(LINK_TSIZE, link.tsize(), out, p);
        }
        return p;
    }

    private static int utf8Length(String s) {
        int ascii = 0;
        while (ascii < s.length() && s.charAt(ascii) < 0x80) {
            ascii++;
        }
        return ascii == s.length() ? ascii : s.getBytes(StandardCharsets.UTF_8).length;
    }

    public static PbNode decode(byte[] block) {
        return decode(block, DEFAULT_MAX_BLOCK_SIZE);
    }

    /** Decodes strictly; any deviation from the canonical form is a {@link DagPbException}. */
    public static PbNode decode(byte[] block, int maxBlockSize) {
        Sliced node = decodeSliced(block, maxBlockSize);
        return new PbNode(node.links(), node.hasData()
                ? Arrays.copyOfRange(block, node.dataOffset(), node.dataOffset() + node.dataLength()) : null);
    }

    /**
     * A decoded block whose Data field stays where it is in the block: reading a file's leaves through it costs no
     * copy of their content (the gateway's reads of hot blocks). {@code dataOffset} is -1 when Data is absent.
     */
    public record Sliced(List<PbLink> links, byte[] block, int dataOffset, int dataLength) {
        public boolean hasData() {
            return dataOffset >= 0;
        }
    }

    /** As {@link #decode(byte[], int)}, just as strict, without copying the Data field out of {@code block}. */
    public static Sliced decodeSliced(byte[] block, int maxBlockSize) {
        if (block.length > maxBlockSize) {
            throw new DagPbException("dag-pb block of " + block.length + " bytes is over the limit of "
                    + maxBlockSize + " bytes");
        }
        ProtoReader in = new ProtoReader(block, 0, block.length, msg -> new DagPbException("dag-pb: " + msg));
        List<PbLink> links = new ArrayList<>();
        int dataOffset = -1;
        int dataLength = 0;
        while (in.hasMore()) {
            int at = in.position();
            int tag = in.readTag();
            int field = ProtoReader.field(tag);
            if (field == NODE_LINKS) {
                requireLen(tag, "PBNode.Links", at);
                if (dataOffset >= 0) {
                    throw new DagPbException("dag-pb: PBNode.Links at offset " + at + " after Data (Links must come first)");
                }
                int start = in.readLengthDelimited();
                links.add(decodeLink(block, start, start + in.lastLength(), links.size()));
            } else if (field == NODE_DATA) {
                requireLen(tag, "PBNode.Data", at);
                if (dataOffset >= 0) {
                    throw new DagPbException("dag-pb: duplicate PBNode.Data at offset " + at);
                }
                dataOffset = in.readLengthDelimited();
                dataLength = in.lastLength();
            } else {
                throw new DagPbException("dag-pb: unknown PBNode field " + field + " at offset " + at);
            }
        }
        return new Sliced(List.copyOf(links), block, dataOffset, dataLength);
    }

    private static PbLink decodeLink(byte[] block, int offset, int limit, int index) {
        String where = "dag-pb: link " + index + ": ";
        ProtoReader in = new ProtoReader(block, offset, limit, msg -> new DagPbException(where + msg));
        Cid hash = null;
        String name = null;
        Long tsize = null;
        int lastField = 0;
        while (in.hasMore()) {
            int at = in.position();
            int tag = in.readTag();
            int field = ProtoReader.field(tag);
            if (field > LINK_TSIZE) {
                throw new DagPbException(where + "unknown PBLink field " + field + " at offset " + at);
            }
            if (field <= lastField) {
                throw new DagPbException(where + "PBLink field " + field + " at offset " + at
                        + (field == lastField ? " is repeated" : " is out of order (Hash, Name, Tsize expected)"));
            }
            lastField = field;
            if (field == LINK_HASH) {
                requireLen(tag, "PBLink.Hash", at, where);
                int start = in.readLengthDelimited();
                try {
                    hash = Cid.decode(Arrays.copyOfRange(block, start, start + in.lastLength()));
                } catch (CidParseException e) {
                    throw new DagPbException(where + "invalid Hash CID: " + e.getMessage(), e);
                }
            } else if (field == LINK_NAME) {
                requireLen(tag, "PBLink.Name", at, where);
                int start = in.readLengthDelimited();
                name = strictUtf8(block, start, in.lastLength(), where);
            } else {
                if (ProtoReader.wireType(tag) != ProtoWire.WIRE_VARINT) {
                    throw new DagPbException(where + "PBLink.Tsize at offset " + at + " has wire type "
                            + ProtoReader.wireType(tag) + ", expected 0 (varint)");
                }
                tsize = in.readVarint();
            }
        }
        if (hash == null) {
            throw new DagPbException(where + "PBLink has no Hash");
        }
        return new PbLink(hash, name, tsize);
    }

    private static String strictUtf8(byte[] block, int start, int length, String where) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(block, start, length)).toString();
        } catch (CharacterCodingException e) {
            throw new DagPbException(where + "PBLink.Name is not valid UTF-8", e);
        }
    }

    private static void requireLen(int tag, String name, int at) {
        requireLen(tag, name, at, "dag-pb: ");
    }

    private static void requireLen(int tag, String name, int at, String where) {
        if (ProtoReader.wireType(tag) != ProtoWire.WIRE_LEN) {
            throw new DagPbException(where + name + " at offset " + at + " has wire type "
                    + ProtoReader.wireType(tag) + ", expected 2 (length-delimited)");
        }
    }
}
