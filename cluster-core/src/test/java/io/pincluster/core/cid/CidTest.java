package io.pincluster.core.cid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CidTest {
    private static final String HELLO_V0 = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";

    @Test
    void v0RoundTripsAndConvertsToV1AndBack() {
        Cid v0 = Cid.parse(HELLO_V0);
        assertThat(v0.version()).isZero();
        assertThat(v0.codec()).isEqualTo(Codec.DAG_PB);
        assertThat(v0.toString()).isEqualTo(HELLO_V0);
        Cid v1 = v0.toV1();
        assertThat(v1.toString()).startsWith("bafybei");
        assertThat(Cid.parse(v1.toString())).isEqualTo(v1);
        assertThat(v1.toV0()).isEqualTo(v0);
        assertThat(v1).isNotEqualTo(v0);
        assertThat(Cid.decode(v1.bytes())).isEqualTo(v1);
    }

    @Test
    void rawCidOfHelloWorldMatchesKubo() {
        byte[] data = "hello world\n".getBytes(StandardCharsets.US_ASCII);
        Cid raw = Cid.v1(Codec.RAW, Multihash.sha256(data));
        assertThat(raw.toString()).isEqualTo("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4");
        assertThat(raw.multihash().matches(data)).isTrue();
    }

    @Test
    void base36AndUpperCaseBase32ParseToTheSameCid() {
        Cid v1 = Cid.parse(HELLO_V0).toV1();
        String b36 = v1.toString(Multibase.BASE36);
        assertThat(b36).startsWith("k");
        assertThat(Cid.parse(b36)).isEqualTo(v1);
        assertThat(Cid.parse(v1.toString().toUpperCase())).isEqualTo(v1);
    }

    @Test
    void base58KeepsLeadingZeroBytes() {
        byte[] data = {0, 0, 1, 2, (byte) 255};
        String s = Multibase.BASE58BTC.encode(data);
        assertThat(s).startsWith("z11");
        assertThat(Multibase.decode(s)).containsExactly(data);
    }

    @Test
    void identityMultihashInlinesData() {
        Cid cid = Cid.v1(Codec.RAW, Multihash.identity(new byte[] {1, 2, 3}));
        assertThat(Cid.parse(cid.toString())).isEqualTo(cid);
        assertThat(cid.multihash().matches(new byte[] {1, 2, 3})).isTrue();
    }

    @Test
    void badStringsRaiseTypedErrorsThatNameTheProblem() {
        assertThatThrownBy(() -> Cid.parse("")).isInstanceOf(CidParseException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> Cid.parse("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5"))
                .isInstanceOf(CidParseException.class).hasMessageContaining("46 characters");
        assertThatThrownBy(() -> Cid.parse("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff50"))
                .isInstanceOf(CidParseException.class).hasMessageContaining("'0'");
        assertThatThrownBy(() -> Cid.parse("xabc")).isInstanceOf(CidParseException.class)
                .hasMessageContaining("multibase prefix 'x'");
        assertThatThrownBy(() -> Cid.parse("bafy")).isInstanceOf(CidParseException.class);
        byte[] whole = Cid.parse(HELLO_V0).toV1().bytes();
        String truncated = Multibase.BASE32.encode(java.util.Arrays.copyOf(whole, whole.length - 5));
        assertThatThrownBy(() -> Cid.parse(truncated))
                .isInstanceOf(CidParseException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> Cid.decode(new byte[] {1, 0x55, 0x13, 2, 0, 0}))
                .isInstanceOf(CidParseException.class).hasMessageContaining("unsupported multihash function 0x13");
        assertThatThrownBy(() -> Cid.decode(new byte[] {2, 0x55, 0x12, 32}))
                .isInstanceOf(CidParseException.class).hasMessageContaining("version 2");
        assertThatThrownBy(() -> Cid.decode(new byte[] {1, 0x29, 0x00, 0}))
                .isInstanceOf(CidParseException.class).hasMessageContaining("codec 0x29");
    }

    @Test
    void versionCodecAndMultihashAreReadBackFromTheBinaryForm() {
        Multihash sha = Multihash.sha256("x".getBytes(StandardCharsets.US_ASCII));
        Multihash inline = Multihash.identity(new byte[] {9, 8, 7});
        for (Codec codec : Codec.values()) {
            for (Multihash mh : new Multihash[] {sha, inline}) {
                Cid decoded = Cid.decode(Cid.v1(codec, mh).bytes());
                assertThat(decoded.version()).isEqualTo(1);
                assertThat(decoded.codec()).isEqualTo(codec);
                assertThat(decoded.multihash()).isEqualTo(mh);
                assertThat(decoded.multihash().code()).isEqualTo(mh.code());
            }
        }
        Cid v0 = Cid.decode(Cid.v0(sha).bytes());
        assertThat(v0.version()).isZero();
        assertThat(v0.multihash()).isEqualTo(sha);
        assertThat(v0.toV1().codec()).isEqualTo(Codec.DAG_PB);
        assertThat(v0.toV1().multihash()).isEqualTo(sha);
    }

    @Test
    void rawCidHasNoV0Form() {
        Cid raw = Cid.v1(Codec.RAW, Multihash.sha256(new byte[0]));
        assertThatThrownBy(raw::toV0).isInstanceOf(CidParseException.class);
    }

    @Test
    void varintsAreMinimalAndBounded() {
        for (long v : new long[] {0, 1, 127, 128, 300, 1L << 40, Long.MAX_VALUE}) {
            byte[] enc = Varint.encode(v);
            assertThat(Varint.decode(enc, 0).value()).isEqualTo(v);
            assertThat(Varint.decode(enc, 0).length()).isEqualTo(enc.length);
        }
        assertThatThrownBy(() -> Varint.decode(new byte[] {(byte) 0x80, 0}, 0)).hasMessageContaining("minimally");
        assertThatThrownBy(() -> Varint.decode(new byte[] {(byte) 0x80}, 0)).hasMessageContaining("truncated");
    }

    @Test
    void ordersExactlyAsTheBinaryFormsDoIncludingCidsShorterThanEightBytesAndSharedHeads() {
        Random random = new Random(7);
        List<Cid> cids = new ArrayList<>();
        for (int length = 0; length <= 12; length++) { // identity CIDs: 4..16 bytes, several shorter than the head
            byte[] data = new byte[length];
            cids.add(Cid.v1(Codec.RAW, Multihash.identity(data)));
            random.nextBytes(data);
            cids.add(Cid.v1(Codec.RAW, Multihash.identity(data)));
            if (length > 0) {
                data[0] = 0;
            }
            cids.add(Cid.v1(Codec.DAG_PB, Multihash.identity(data.clone())));
        }
        for (int i = 0; i < 200; i++) {
            byte[] data = new byte[8];
            random.nextBytes(data);
            Cid v1 = Cid.v1(i % 2 == 0 ? Codec.RAW : Codec.DAG_PB, Multihash.sha256(data));
            cids.add(v1);
            cids.add(Cid.v0(v1.multihash()));
        }
        for (Cid a : cids) {
            for (Cid b : cids) {
                assertThat(Integer.signum(a.compareTo(b))).as("%s vs %s", a, b)
                        .isEqualTo(Integer.signum(Arrays.compareUnsigned(a.bytes(), b.bytes())));
            }
        }
    }

    /**
     * CIDs of up to {@value Cid#INLINE_MAX} bytes live in fields, longer ones in an array: either way equality, order,
     * the binary form and the hash code are those of the bytes, across the boundary. The hash code is the one of
     * the bytes' 8-byte words (below), so it does not change with the representation.
     */
    @Test
    void cidsKeptInFieldsAndInArraysAgreeWithTheirBytesOnEverything() {
        Random random = new Random(11);
        List<Cid> cids = new ArrayList<>();
        for (int length = 0; length <= 44; length++) { // identity CIDs of 4..48 bytes
            for (int k = 0; k < 3; k++) {
                byte[] data = new byte[length];
                if (k > 0) {
                    random.nextBytes(data);
                }
                if (k == 2 && length > 0) {
                    data[length - 1] = 0; // a trailing zero byte: same padded words as the CID one byte shorter
                }
                cids.add(Cid.v1(k == 1 ? Codec.DAG_PB : Codec.RAW, Multihash.identity(data)));
            }
        }
        for (int i = 0; i < 20; i++) {
            byte[] data = new byte[8];
            random.nextBytes(data);
            Cid v1 = Cid.v1(Codec.values()[i % 3], Multihash.sha256(data));
            cids.add(v1);
            cids.add(Cid.v0(v1.multihash()));
        }
        for (Cid a : cids) {
            byte[] form = a.bytes();
            assertThat(a.byteLength()).isEqualTo(form.length);
            assertThat(Cid.decode(form)).isEqualTo(a).hasSameHashCodeAs(a);
            assertThat(a.hashCode()).as("%s", a).isEqualTo(hashOfBytes(form));
            assertThat(Cid.parse(a.toString())).isEqualTo(a);
            byte[] out = new byte[form.length + 10];
            Arrays.fill(out, (byte) 0x5A);
            a.copyBytesTo(out, 5);
            assertThat(Arrays.copyOfRange(out, 5, 5 + form.length)).isEqualTo(form);
            assertThat(out[4]).isEqualTo((byte) 0x5A);
            assertThat(out[5 + form.length]).isEqualTo((byte) 0x5A);
            for (Cid b : cids) {
                assertThat(Integer.signum(a.compareTo(b))).as("%s vs %s", a, b)
                        .isEqualTo(Integer.signum(Arrays.compareUnsigned(form, b.bytes())));
                assertThat(a.equals(b)).as("%s vs %s", a, b).isEqualTo(Arrays.equals(form, b.bytes()));
            }
        }
    }

    /** The hash code every build has used: the bytes' big-endian 8-byte words, then the last few bytes, mixed. */
    private static int hashOfBytes(byte[] b) {
        long h = b.length;
        int i = 0;
        for (; i + 8 <= b.length; i += 8) {
            long word = 0;
            for (int k = 0; k < 8; k++) {
                word = word << 8 | (b[i + k] & 0xFF);
            }
            h = (h ^ word) * 0x9E3779B97F4A7C15L;
            h ^= h >>> 29;
        }
        long rest = 0;
        for (; i < b.length; i++) {
            rest = rest << 8 | (b[i] & 0xFF);
        }
        h = (h ^ rest) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ h >>> 32);
    }

    @Test
    void hashCodesSpreadOverAHashTableForCidsThatDifferOnlyInAFewDigits() {
        int n = 1 << 18;
        List<List<Cid>> families = List.of(
                cids(n, i -> Cid.v1(Codec.RAW, Multihash.identity(("pinload run-42 " + i).getBytes(StandardCharsets.UTF_8)))),
                cids(n, i -> Cid.v1(Codec.RAW, Multihash.identity(("{\"id\":" + i + ",\"kind\":\"x\"}")
                        .getBytes(StandardCharsets.UTF_8)))),
                cids(n, i -> Cid.v1(Codec.RAW, Multihash.sha256(("block " + i).getBytes(StandardCharsets.UTF_8)))));
        for (List<Cid> family : families) {
            // the bucket ConcurrentHashMap and HashMap pick in a table of n slots
            int[] load = new int[n];
            for (Cid c : family) {
                int h = c.hashCode();
                load[(h ^ h >>> 16) & (n - 1)]++;
            }
            int used = 0;
            int max = 0;
            for (int l : load) {
                used += l > 0 ? 1 : 0;
                max = Math.max(max, l);
            }
            // a random function fills 1 - 1/e (0.63) of the slots, its fullest slot holds ~9 here
            assertThat(used).as("slots used by %s...", family.get(0)).isGreaterThan((int) (0.6 * n));
            assertThat(max).as("fullest slot for %s...", family.get(0)).isLessThan(16);
        }
    }

    private static List<Cid> cids(int n, java.util.function.IntFunction<Cid> make) {
        List<Cid> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(make.apply(i));
        }
        return out;
    }
}
