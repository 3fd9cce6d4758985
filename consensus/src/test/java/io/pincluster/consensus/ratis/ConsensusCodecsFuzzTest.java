package io.pincluster.consensus.ratis;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.consensus.codec.DirectoryCodec;
import io.pincluster.consensus.codec.MalformedDataException;
import io.pincluster.consensus.codec.PinOpCodec;
import io.pincluster.consensus.codec.RevocationCodec;
import io.pincluster.core.state.PeerRecord;
import java.util.Arrays;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random and mutated bytes into the Raft entry codecs (requests, log entries, results, directory records, token
 * revocations): each
 * decodes or throws {@link MalformedDataException}, the one exception the state machine expects from a bad entry;
 * any other (an {@link IllegalArgumentException} from a value object, an {@link OutOfMemoryError} from a claimed
 * count) fails. The valid samples round-trip.
 */
class ConsensusCodecsFuzzTest {
    private static final PinOpCodec CODEC = new PinOpCodec();

    @Property(tries = 1000)
    void requestBatchesDecodeOrAreMalformed(@ForAll("requests") byte[] data) {
        onlyMalformed(d -> assertThat(CODEC.decodeRequests(CODEC.encodeRequests(CODEC.decodeRequests(d))))
                .isEqualTo(CODEC.decodeRequests(d)), data);
    }

    @Property(tries = 1000)
    void logEntriesDecodeOrAreMalformed(@ForAll("entries") byte[] data) {
        onlyMalformed(d -> assertThat(CODEC.decodeEntry(CODEC.encodeEntry(CODEC.decodeEntry(d))))
                .isEqualTo(CODEC.decodeEntry(d)), data);
    }

    @Property(tries = 1000)
    void resultsDecodeOrAreMalformed(@ForAll("results") byte[] data) {
        onlyMalformed(d -> assertThat(CODEC.decodeResults(CODEC.encodeResults(CODEC.decodeResults(d))))
                .isEqualTo(CODEC.decodeResults(d)), data);
    }

    @Property(tries = 1000)
    void directoryRecordsDecodeOrAreMalformed(@ForAll("directory") byte[] data) {
        onlyMalformed(d -> {
            PeerRecord record = DirectoryCodec.decode(d);
            assertThat(DirectoryCodec.decode(DirectoryCodec.encode(record))).isEqualTo(record);
        }, data);
    }

    @Property(tries = 1000)
    void tokenRevocationsDecodeOrAreMalformed(@ForAll("revocations") byte[] data) {
        onlyMalformed(d -> {
            RevocationCodec.Entry entry = RevocationCodec.decode(d);
            assertThat(RevocationCodec.decode(RevocationCodec.encode(entry))).isEqualTo(entry);
        }, data);
    }

    @Property(tries = 1000)
    void archiveIndexEntriesDecodeOrAreMalformed(@ForAll("archives") byte[] data) {
        onlyMalformed(d -> {
            io.pincluster.core.cold.ArchiveEntry entry = io.pincluster.consensus.codec.ArchiveCodec.decode(d);
            assertThat(io.pincluster.consensus.codec.ArchiveCodec.decode(
                    io.pincluster.consensus.codec.ArchiveCodec.encode(entry))).isEqualTo(entry);
        }, data);
    }

    @Property(tries = 50)
    void theSamplesRoundTrip() {
        assertThat(CODEC.decodeRequests(CODEC.encodeRequests(GoldenSamples.REQUESTS))).isEqualTo(GoldenSamples.REQUESTS);
        assertThat(CODEC.decodeEntry(CODEC.encodeEntry(GoldenSamples.ENTRY))).isEqualTo(GoldenSamples.ENTRY);
        assertThat(CODEC.decodeResults(CODEC.encodeResults(GoldenSamples.RESULTS))).isEqualTo(GoldenSamples.RESULTS);
        assertThat(DirectoryCodec.decode(DirectoryCodec.encode(GoldenSamples.MEMBER))).isEqualTo(GoldenSamples.MEMBER);
        assertThat(RevocationCodec.decode(RevocationCodec.encode(GoldenSamples.REVOCATION_ENTRY)))
                .isEqualTo(GoldenSamples.REVOCATION_ENTRY);
    }

    private static void onlyMalformed(Consumer<byte[]> decode, byte[] data) {
        try {
            decode.accept(data);
        } catch (MalformedDataException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<byte[]> requests() {
        return mutatedOrRandom(CODEC.encodeRequests(GoldenSamples.REQUESTS));
    }

    @Provide
    Arbitrary<byte[]> entries() {
        return mutatedOrRandom(CODEC.encodeEntry(GoldenSamples.ENTRY));
    }

    @Provide
    Arbitrary<byte[]> results() {
        return mutatedOrRandom(CODEC.encodeResults(GoldenSamples.RESULTS));
    }

    @Provide
    Arbitrary<byte[]> directory() {
        return mutatedOrRandom(DirectoryCodec.encode(GoldenSamples.MEMBER));
    }

    @Provide
    Arbitrary<byte[]> revocations() {
        return mutatedOrRandom(RevocationCodec.encode(GoldenSamples.REVOCATION_ENTRY));
    }

    @Provide
    Arbitrary<byte[]> archives() {
        return mutatedOrRandom(io.pincluster.consensus.codec.ArchiveCodec.encode(GoldenSamples.ARCHIVE_RICH));
    }

    /** Random bytes, or a valid encoding with a byte changed, cut short, a byte inserted or a run of 0xff put in. */
    static Arbitrary<byte[]> mutatedOrRandom(byte[] valid) {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> mutated = Combinators.combine(Arbitraries.integers().between(0, valid.length),
                Arbitraries.bytes(), Arbitraries.integers().between(0, 3)).as((at, value, kind) -> switch (kind) {
                    case 0 -> {
                        byte[] out = valid.clone();
                        out[Math.min(at, valid.length - 1)] = value;
                        yield out;
                    }
                    case 1 -> Arrays.copyOf(valid, at);
                    case 2 -> {
                        byte[] out = new byte[valid.length + 1];
                        System.arraycopy(valid, 0, out, 0, at);
                        out[at] = value;
                        System.arraycopy(valid, at, out, at + 1, valid.length - at);
                        yield out;
                    }
                    default -> {
                        byte[] out = valid.clone();
                        Arrays.fill(out, at, Math.min(valid.length, at + 9), (byte) 0xff);
                        yield out;
                    }
                });
        return Arbitraries.oneOf(random, mutated, mutated);
    }
}
