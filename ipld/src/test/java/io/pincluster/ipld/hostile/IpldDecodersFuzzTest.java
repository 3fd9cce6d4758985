package io.pincluster.ipld.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.cid.Varint;
import io.pincluster.ipld.car.CarFormatException;
import io.pincluster.ipld.car.CarHeaderCodec;
import io.pincluster.ipld.car.CarReader;
import io.pincluster.ipld.car.CarSection;
import io.pincluster.ipld.dagpb.DagPbCodec;
import io.pincluster.ipld.dagpb.DagPbException;
import io.pincluster.ipld.dagpb.PbLink;
import io.pincluster.ipld.dagpb.PbNode;
import io.pincluster.ipld.unixfs.UnixFsData;
import io.pincluster.ipld.unixfs.UnixFsException;
import io.pincluster.ipld.unixfs.UnixFsType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated bytes into the dag-pb, UnixFS and CAR decoders: each decodes or throws its documented
 * exception ({@link DagPbException}, {@link UnixFsException}, {@link CarFormatException}); anything else, an
 * {@link OutOfMemoryError} from a claimed length, or a hang fails. Valid encodings round-trip.
 */
class IpldDecodersFuzzTest {
    private static final int MAX_SECTION = 1 << 20;

    @Property(tries = 1000)
    void dagPbDecodesOrRefusesRandomAndMutatedBytes(@ForAll("dagPbLike") byte[] block) {
        try {
            PbNode node = DagPbCodec.decode(block);
            assertThat(DagPbCodec.decode(DagPbCodec.encode(node))).isEqualTo(node);
        } catch (DagPbException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 500)
    void dagPbRoundTrips(@ForAll @Size(max = 20) List<@IntRange(min = 0, max = 1000) Integer> linkSeeds,
                         @ForAll @Size(max = 300) byte[] data) {
        List<PbLink> links = new ArrayList<>();
        for (int seed : linkSeeds) {
            links.add(PbLink.of(cid("link" + seed), "name-" + seed, seed));
        }
        PbNode node = new PbNode(links, data);
        assertThat(DagPbCodec.decode(DagPbCodec.encode(node))).isEqualTo(node);
    }

    @Property(tries = 1000)
    void unixFsDataDecodesOrRefusesRandomAndMutatedBytes(@ForAll("unixFsLike") byte[] data) {
        try {
            UnixFsData decoded = UnixFsData.decode(data);
            assertThat(UnixFsData.decode(decoded.encode()).type()).isEqualTo(decoded.type());
        } catch (UnixFsException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 300)
    void unixFsDataRoundTrips(@ForAll("types") UnixFsType type, @ForAll @Size(max = 100) byte[] data,
                              @ForAll @Size(max = 10) long[] sizes) {
        long[] nonNegative = Arrays.stream(sizes).map(Math::abs).map(s -> s == Long.MIN_VALUE ? 0 : s).toArray();
        UnixFsData original = new UnixFsData(type, data, (long) data.length, nonNegative, null, null);
        UnixFsData back = UnixFsData.decode(original.encode());
        assertThat(back.type()).isEqualTo(type);
        assertThat(back.data()).isEqualTo(data);
        assertThat(back.blockSizes()).isEqualTo(nonNegative);
    }

    @Property(tries = 1000)
    void carReadsOrRefusesRandomAndMutatedStreams(@ForAll("carLike") byte[] car) {
        try {
            CarReader reader = CarReader.open(new ByteArrayInputStream(car), MAX_SECTION);
            int sections = 0;
            for (CarSection s; (s = reader.next()) != null; ) {
                assertThat(s.cid().multihash().matches(s.data())).isTrue();
                sections++;
            }
            assertThat(sections).isLessThanOrEqualTo(car.length);
        } catch (CarFormatException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        } catch (IOException other) {
            throw new AssertionError("only CarFormatException is documented", other);
        }
    }

    @Property(tries = 300)
    void carHeadersRoundTrip(@ForAll @Size(min = 1, max = 5) List<@IntRange(min = 0, max = 99) Integer> seeds)
            throws CarFormatException {
        List<Cid> roots = seeds.stream().map(s -> cid("root" + s)).toList();
        assertThat(CarHeaderCodec.decode(CarHeaderCodec.encode(roots))).isEqualTo(roots);
    }

    @Test
    void hugeClaimedLengthsAreRefusedWithoutAllocating() {
        byte[] header = CarHeaderCodec.encode(List.of(cid("root")));
        // a header claiming 2^60 bytes, and a valid header followed by a section claiming 2^60 bytes
        byte[] hugeHeader = Varint.encode(1L << 60);
        byte[] hugeSection = concat(concat(Varint.encode(header.length), header), Varint.encode(1L << 60));
        for (byte[] car : List.of(hugeHeader, hugeSection)) {
            assertThatThrownBy(() -> {
                CarReader reader = CarReader.open(new ByteArrayInputStream(car), MAX_SECTION);
                reader.next();
            }).isInstanceOf(CarFormatException.class).hasMessageContaining("over the limit");
        }
        // a dag-pb link whose name claims 2^60 bytes
        byte[] pb = concat(new byte[] {0x12}, Varint.encode(1L << 60));
        assertThatThrownBy(() -> DagPbCodec.decode(pb)).isInstanceOf(DagPbException.class);
    }

    @Provide
    Arbitrary<byte[]> dagPbLike() {
        PbNode node = new PbNode(List.of(PbLink.of(cid("a"), "a", 1), PbLink.of(cid("b"), "b", 2)),
                new UnixFsData(UnixFsType.FILE, new byte[] {1, 2, 3}, 3L, new long[0], null, null).encode());
        return mutatedOrRandom(DagPbCodec.encode(node));
    }

    @Provide
    Arbitrary<byte[]> unixFsLike() {
        return mutatedOrRandom(new UnixFsData(UnixFsType.HAMT_SHARD, new byte[] {1}, null, new long[] {5, 6},
                0x22L, 256L).encode());
    }

    @Provide
    Arbitrary<byte[]> carLike() {
        byte[] block = "hello".getBytes(StandardCharsets.UTF_8);
        Cid cid = Cid.v1(Codec.RAW, Multihash.sha256(block));
        byte[] header = CarHeaderCodec.encode(List.of(cid));
        ByteArrayOutputStream car = new ByteArrayOutputStream();
        car.writeBytes(Varint.encode(header.length));
        car.writeBytes(header);
        car.writeBytes(Varint.encode(cid.byteLength() + block.length));
        car.writeBytes(cid.bytes());
        car.writeBytes(block);
        return mutatedOrRandom(car.toByteArray());
    }

    @Provide
    Arbitrary<UnixFsType> types() {
        return Arbitraries.of(UnixFsType.RAW, UnixFsType.FILE, UnixFsType.DIRECTORY);
    }

    /** Random bytes, or the valid encoding with a byte flipped, cut short, inserted or a run of 0xff put in. */
    static Arbitrary<byte[]> mutatedOrRandom(byte[] valid) {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        Arbitrary<byte[]> mutated = Combinators.combine(Arbitraries.integers().between(0, valid.length),
                Arbitraries.bytes(), Arbitraries.integers().between(0, 3)).as((at, value, kind) -> switch (kind) {
                    case 0 -> {
                        byte[] out = valid.clone();
                        out[Math.min(at, valid.length - 1)] ^= (byte) (value == 0 ? 1 : value);
                        yield out;
                    }
                    case 1 -> Arrays.copyOf(valid, at);
                    case 2 -> concat(concat(Arrays.copyOf(valid, at), new byte[] {value}),
                            Arrays.copyOfRange(valid, at, valid.length));
                    default -> {
                        byte[] out = valid.clone();
                        Arrays.fill(out, at, Math.min(valid.length, at + 9), (byte) 0xff);
                        yield out;
                    }
                });
        return Arbitraries.oneOf(random, mutated);
    }

    static Cid cid(String seed) {
        return Cid.v1(Codec.RAW, Multihash.sha256(seed.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
