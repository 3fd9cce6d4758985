package io.pincluster.core.cid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.peer.PeerId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated input to the CID, multibase, multihash, varint and peer ID decoders: each either decodes or
 * throws its documented {@link CidParseException} (any other exception, an {@link OutOfMemoryError} from a huge
 * claimed length, or a hang fails the property); whatever decodes re-encodes to the same bytes.
 */
class CidDecodersFuzzTest {
    private static final Cid SAMPLE_V1 = Cid.v1(Codec.RAW, Multihash.sha256("fuzz".getBytes(StandardCharsets.UTF_8)));
    private static final Cid SAMPLE_V0 = Cid.v0(Multihash.sha256("fuzz".getBytes(StandardCharsets.UTF_8)));

    /** Runs {@code decoder}; only the documented exception may escape. */
    private static void onlyCidParseException(Runnable decoder) {
        try {
            decoder.run();
        } catch (CidParseException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 1000)
    void randomBytesAreACidOrACidParseException(@ForAll @Size(max = 80) byte[] bytes) {
        onlyCidParseException(() -> {
            Cid cid = Cid.decode(bytes);
            assertThat(cid.bytes()).isEqualTo(bytes);
            assertThat(Cid.parse(cid.toString())).isEqualTo(cid);
        });
    }

    @Property(tries = 1000)
    void mutatedCidsAreACidOrACidParseException(@ForAll("mutatedCids") byte[] bytes) {
        onlyCidParseException(() -> {
            Cid cid = Cid.decode(bytes);
            assertThat(Cid.decode(cid.bytes())).isEqualTo(cid);
            assertThat(Cid.parse(cid.toString())).isEqualTo(cid);
        });
    }

    /** The decoder's in-place shortcut answers exactly what the general parser answers for a copy of the range. */
    @Property(tries = 2000)
    void aCidDecodedInPlaceIsWhatTheCopyDecodesTo(@ForAll("mutatedCids") byte[] bytes,
                                                  @ForAll @Size(max = 5) byte[] before,
                                                  @ForAll @Size(max = 5) byte[] after) {
        byte[] framed = concat(concat(before, bytes), after);
        Object general = outcome(() -> Cid.decodeGeneral(bytes.clone()));
        Object inPlace = outcome(() -> Cid.decode(framed, before.length, bytes.length));
        assertThat(inPlace).isEqualTo(general);
        assertThat(outcome(() -> Cid.decode(bytes))).isEqualTo(general);
    }

    private static Object outcome(java.util.function.Supplier<Cid> decoder) {
        try {
            return decoder.get();
        } catch (CidParseException e) {
            return e.getMessage();
        }
    }

    @Test
    void aRangeOutsideTheArrayIsRefused() {
        byte[] bytes = SAMPLE_V1.bytes();
        assertThatThrownBy(() -> Cid.decode(bytes, 1, bytes.length)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(Cid.decode(concat(new byte[] {9}, bytes), 1, bytes.length)).isEqualTo(SAMPLE_V1);
    }

    @Property(tries = 1000)
    void randomStringsAreACidOrACidParseException(@ForAll("cidLikeStrings") String text) {
        onlyCidParseException(() -> {
            Cid cid = Cid.parse(text);
            assertThat(Cid.decode(cid.bytes())).isEqualTo(cid);
        });
    }

    @Property(tries = 500)
    void validCidsRoundTripInEveryBase(@ForAll("digests") byte[] data, @ForAll("codecs") Codec codec) {
        Cid cid = Cid.v1(codec, Multihash.sha256(data));
        assertThat(Cid.decode(cid.bytes())).isEqualTo(cid);
        for (Multibase base : Multibase.values()) {
            assertThat(Cid.parse(cid.toString(base))).isEqualTo(cid);
        }
        Cid v0 = Cid.v0(Multihash.sha256(data));
        assertThat(Cid.parse(v0.toString())).isEqualTo(v0);
    }

    @Property(tries = 1000)
    void multibaseRoundTripsAndRefusesGarbage(@ForAll @Size(max = 100) byte[] data, @ForAll("bases") Multibase base,
                                              @ForAll @StringLength(max = 200) String garbage) {
        assertThat(Multibase.decode(base.encode(data))).isEqualTo(data);
        onlyCidParseException(() -> Multibase.decode(garbage));
    }

    @Property(tries = 1000)
    void varintsRoundTripAndRandomBytesNeverDecodeLongerThanTheLimit(
            @ForAll("nonNegativeLongs") long value, @ForAll @Size(max = 12) byte[] random) {
        byte[] encoded = Varint.encode(value);
        assertThat(Varint.decode(encoded, 0)).isEqualTo(new Varint.Decoded(value, encoded.length));
        onlyCidParseException(() -> {
            Varint.Decoded d = Varint.decode(random, 0);
            assertThat(d.length()).isBetween(1, Varint.MAX_BYTES);
            assertThat(d.value()).isNotNegative();
        });
    }

    @Property(tries = 1000)
    void multihashesRoundTripAndRandomBytesAreRefusedCleanly(@ForAll @Size(max = 200) byte[] data,
                                                            @ForAll @Size(max = 160) byte[] random) {
        Multihash sha = Multihash.sha256(data);
        assertThat(Multihash.decode(sha.bytes())).isEqualTo(sha);
        if (data.length <= Multihash.MAX_IDENTITY_LENGTH) {
            Multihash id = Multihash.identity(data);
            assertThat(Multihash.decode(id.bytes())).isEqualTo(id);
        }
        onlyCidParseException(() -> Multihash.decode(random));
    }

    @Property(tries = 500)
    void peerIdsRoundTripAndGarbageIsRefusedCleanly(@ForAll @Size(min = 1, max = 64) byte[] key,
                                                  @ForAll("cidLikeStrings") String garbage) {
        PeerId id = PeerId.ofPublicKeyProto(key);
        assertThat(PeerId.parse(id.value())).isEqualTo(id);
        onlyCidParseException(() -> PeerId.parse(garbage));
    }

    @Test
    void aHugeClaimedDigestLengthIsRefusedWithoutAllocating() {
        // identity multihash claiming 2^60 bytes of digest, and a varint that claims the same
        byte[] claim = Varint.encode(1L << 60);
        byte[] mh = new byte[1 + claim.length];
        System.arraycopy(claim, 0, mh, 1, claim.length);
        assertThatThrownBy(() -> Multihash.decode(mh)).isInstanceOf(CidParseException.class);
        assertThatThrownBy(() -> Cid.decode(concat(new byte[] {1, 0x55}, mh))).isInstanceOf(CidParseException.class);
    }

    @Test
    void aMegabyteCidOrPeerIdIsRefusedInMilliseconds() {
        String huge = "z" + "2".repeat(1024 * 1024);
        for (Consumer<String> decoder : java.util.List.<Consumer<String>>of(Cid::parse, PeerId::parse,
                s -> Multibase.decode(s), s -> Multibase.BASE58BTC.decodeRaw(s))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> decoder.accept(huge)).isInstanceOf(CidParseException.class)
                    .hasMessageContaining("over the limit");
            assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(500);
        }
    }

    @Test
    void aCidAtTheLengthLimitDecodesQuickly() {
        // the worst in-bound base58 input: quadratic in 512 characters is still well under a millisecond's work
        String longest = "z" + "2".repeat(Cid.MAX_STRING_LENGTH - 1);
        long start = System.nanoTime();
        assertThatThrownBy(() -> Cid.parse(longest)).isInstanceOf(CidParseException.class);
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(500);
    }

    @Provide
    Arbitrary<byte[]> mutatedCids() {
        Arbitrary<byte[]> valid = Arbitraries.of(SAMPLE_V1.bytes(), SAMPLE_V0.bytes(),
                Cid.v1(Codec.DAG_PB, Multihash.identity(new byte[] {1, 2, 3})).bytes());
        return Combinators.combine(valid, Arbitraries.integers().between(0, 1000), Arbitraries.bytes(),
                Arbitraries.integers().between(0, 3)).as((bytes, position, value, kind) -> mutate(bytes, position,
                value, kind));
    }

    /** Flips a byte, cuts the input short, inserts a byte or appends one. */
    static byte[] mutate(byte[] in, int position, byte value, int kind) {
        int at = position % (in.length + 1);
        return switch (kind) {
            case 0 -> {
                byte[] out = in.clone();
                out[Math.min(at, in.length - 1)] ^= (byte) (value == 0 ? 1 : value);
                yield out;
            }
            case 1 -> Arrays.copyOf(in, at);
            case 2 -> {
                byte[] out = new byte[in.length + 1];
                System.arraycopy(in, 0, out, 0, at);
                out[at] = value;
                System.arraycopy(in, at, out, at + 1, in.length - at);
                yield out;
            }
            default -> concat(in, new byte[] {value});
        };
    }

    @Provide
    Arbitrary<String> cidLikeStrings() {
        Arbitrary<String> prefixes = Arbitraries.of("", "Qm", "z", "b", "B", "k", "K", "f", "12D3KooW", "\0", "é");
        Arbitrary<String> bodies = Arbitraries.strings().withCharRange('0', 'z').withChars('\0', 'é', '€', '/', ' ')
                .ofMaxLength(120);
        Arbitrary<String> mutatedValid = Arbitraries.of(SAMPLE_V0.toString(), SAMPLE_V1.toString(),
                SAMPLE_V1.toString(Multibase.BASE36), SAMPLE_V1.toString(Multibase.BASE58BTC))
                .flatMap(s -> Arbitraries.integers().between(0, s.length() - 1).flatMap(i ->
                        Arbitraries.chars().all().map(c -> s.substring(0, i) + c + s.substring(i + 1))));
        return Arbitraries.oneOf(Combinators.combine(prefixes, bodies).as(String::concat), mutatedValid);
    }

    @Provide
    Arbitrary<byte[]> digests() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
    }

    @Provide
    Arbitrary<Codec> codecs() {
        return Arbitraries.of(Codec.values());
    }

    @Provide
    Arbitrary<Multibase> bases() {
        return Arbitraries.of(Multibase.values());
    }

    @Provide
    Arbitrary<Long> nonNegativeLongs() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.longs().between(0, 1 << 16));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
