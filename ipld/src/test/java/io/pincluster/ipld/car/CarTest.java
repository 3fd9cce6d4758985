package io.pincluster.ipld.car;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.block.BlockNotFoundException;
import io.pincluster.core.block.IncompleteDagException;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Varint;
import io.pincluster.core.pin.PinMode;
import io.pincluster.ipld.car.CarFormatException.Problem;
import io.pincluster.ipld.dagpb.DagPbLinkReader;
import io.pincluster.ipld.testing.BlockUniverse;
import io.pincluster.ipld.testing.InMemoryBlockStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CarTest {
    private static final HexFormat HEX = HexFormat.of();
    /** {"roots":[bafkrei... of "hello world"],"version":1}, written out by hand. */
    private static final String HELLO_HEADER = "a2" + "65726f6f7473" + "81" + "d82a" + "5825" + "00"
            + "01551220b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
            + "6776657273696f6e" + "01";
    private static final String HELLO_SECTION = "01551220b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
            + "68656c6c6f20776f726c64";
    private static final String HELLO_CAR = "3a" + HELLO_HEADER + "2f" + HELLO_SECTION;

    private InMemoryBlockStore store;

    @BeforeEach
    void open() {
        store = new InMemoryBlockStore();
    }

    private CarImportResult importHex(String hex) throws IOException {
        return importBytes(HEX.parseHex(hex));
    }

    private CarImportResult importBytes(byte[] car) throws IOException {
        return new CarImporter(store, store).importCar(new ByteArrayInputStream(car), true);
    }

    @Test
    void aHandWrittenCarImportsAndPinsItsRoot() throws IOException {
        CarImportResult result = importHex(HELLO_CAR);
        Cid hello = Cid.parse("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");
        assertThat(result).isEqualTo(new CarImportResult(List.of(hello), 1, 11));
        assertThat(new String(store.get(hello), StandardCharsets.UTF_8)).isEqualTo("hello world");
        assertThat(store.listPins()).isEqualTo(Map.of(hello, PinMode.RECURSIVE));
        assertThat(HEX.formatHex(CarHeaderCodec.encode(List.of(hello)))).isEqualTo(HELLO_HEADER);
    }

    @Test
    void exportThenImportGivesTheSameBlocksInDagWalkOrder() throws IOException {
        BlockUniverse u = BlockUniverse.random(new Random(7), 20, 25, 4000);
        u.putAll(store);
        Cid root = u.innerNodes().get(u.innerNodes().size() - 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long written = new CarExporter(store, new DagPbLinkReader()).export(root, out);
        List<Cid> expectedOrder = u.dfsOrder(root);
        assertThat(written).isEqualTo(expectedOrder.size());

        CarReader reader = CarReader.open(new ByteArrayInputStream(out.toByteArray()), 1 << 20);
        assertThat(reader.roots()).containsExactly(root);
        List<Cid> order = new ArrayList<>();
        for (CarSection s = reader.next(); s != null; s = reader.next()) {
            order.add(s.cid());
            assertThat(s.data()).isEqualTo(u.data(s.cid()));
        }
        assertThat(order).isEqualTo(expectedOrder);

        InMemoryBlockStore other = new InMemoryBlockStore();
        CarImportResult result = new CarImporter(other, other)
                .importCar(new ByteArrayInputStream(out.toByteArray()), true);
        assertThat(result.roots()).containsExactly(root);
        assertThat(result.blockCount()).isEqualTo(expectedOrder.size());
        for (Cid cid : expectedOrder) {
            assertThat(other.get(cid)).isEqualTo(u.data(cid));
        }
        assertThat(other.stats().blockCount()).isEqualTo(expectedOrder.size());
        assertThat(other.pinMode(root)).hasValue(PinMode.RECURSIVE);
    }

    @Test
    void unsupportedVersionsAreRefused() {
        String v2Header = HELLO_HEADER.substring(0, HELLO_HEADER.length() - 2) + "02";
        assertProblem("3a" + v2Header + "2f" + HELLO_SECTION, Problem.UNSUPPORTED_VERSION);
        // The CARv2 pragma: {"version": 2}.
        assertProblem("0a" + "a1" + "6776657273696f6e" + "02", Problem.UNSUPPORTED_VERSION);
    }

    @Test
    void malformedHeadersAreRefused() {
        // Keys out of dag-cbor order.
        assertProblem("3a" + "a2" + "6776657273696f6e" + "01" + "65726f6f7473" + "81" + "d82a" + "5825" + "00"
                + "01551220b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9", Problem.BAD_HEADER);
        // version 1 written in two bytes (not minimal).
        String longVersion = HELLO_HEADER.substring(0, HELLO_HEADER.length() - 2) + "1801";
        assertProblem("3b" + longVersion, Problem.BAD_HEADER);
        // No roots.
        assertProblem("11" + "a2" + "65726f6f7473" + "80" + "6776657273696f6e" + "01", Problem.BAD_HEADER);
        // Root not tagged 42.
        assertProblem("38" + "a2" + "65726f6f7473" + "81" + "5825" + "00"
                + "01551220b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
                + "6776657273696f6e" + "01", Problem.BAD_HEADER);
        // Trailing byte inside the header.
        assertProblem("3b" + HELLO_HEADER + "00", Problem.BAD_HEADER);
    }

    @Test
    void truncatedCarsAreRefused() {
        assertProblem("", Problem.TRUNCATED);
        assertProblem("3a" + HELLO_HEADER.substring(0, 40), Problem.TRUNCATED);
        assertProblem(HELLO_CAR.substring(0, HELLO_CAR.length() - 4), Problem.TRUNCATED);
        assertProblem("3a" + HELLO_HEADER + "ff", Problem.TRUNCATED);
    }

    @Test
    void sectionsThatDoNotHashToTheirCidAreRefused() {
        String tampered = HELLO_CAR.substring(0, HELLO_CAR.length() - 2) + "65";
        assertProblem(tampered, Problem.HASH_MISMATCH);
        assertThat(store.has(Cid.parse("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e"))).isFalse();
    }

    @Test
    void oversizedSectionsAreRefusedBeforeReading() throws IOException {
        byte[] huge = concat(HEX.parseHex("3a" + HELLO_HEADER), Varint.encode(1L << 40));
        assertProblem(huge, Problem.SECTION_TOO_LARGE);
        CarImporter small = new CarImporter(store, store, 40);
        assertThatThrownBy(() -> small.importCar(new ByteArrayInputStream(HEX.parseHex(HELLO_CAR)), true))
                .isInstanceOfSatisfying(CarFormatException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.SECTION_TOO_LARGE));
        assertThat(store.listPins()).isEmpty();
    }

    @Test
    void aCarMissingPartOfARootsDagPinsNothingAtAll() throws IOException {
        BlockUniverse u = new BlockUniverse();
        Cid leaf = u.addRaw(new byte[] {1, 2, 3});
        Cid complete = u.addNode(List.of(leaf), new byte[0], false);
        Cid absent = u.addRaw(new byte[] {9});
        Cid incomplete = u.addNode(List.of(absent), new byte[0], false);
        ByteArrayOutputStream car = new ByteArrayOutputStream();
        byte[] header = CarHeaderCodec.encode(List.of(complete, incomplete));
        car.write(Varint.encode(header.length));
        car.write(header);
        for (Cid cid : List.of(complete, leaf, incomplete)) {
            byte[] data = u.data(cid);
            car.write(Varint.encode(cid.byteLength() + data.length));
            car.write(cid.bytes());
            car.write(data);
        }
        assertThatThrownBy(() -> importBytes(car.toByteArray()))
                .isInstanceOfSatisfying(IncompleteDagException.class,
                        e -> assertThat(e.firstMissing()).isEqualTo(absent));
        assertThat(store.listPins()).isEmpty();
        assertThat(store.has(complete)).isTrue();
    }

    @Test
    void sectionsWithoutAValidCidAreRefused() {
        // A section claiming CID version 2.
        assertProblem("3a" + HELLO_HEADER + "05" + "0255122000", Problem.BAD_SECTION);
        // A zero-length section.
        assertProblem("3a" + HELLO_HEADER + "00", Problem.BAD_SECTION);
    }

    @Test
    void exportOfAnIncompleteDagFailsNamingTheMissingBlock() throws IOException {
        BlockUniverse u = new BlockUniverse();
        Cid leaf = u.addRaw(new byte[] {4, 5});
        Cid root = u.addNode(List.of(leaf), new byte[] {1}, true);
        store.put(root, u.data(root));
        CarExporter exporter = new CarExporter(store, new DagPbLinkReader());
        assertThatThrownBy(() -> exporter.export(root, new ByteArrayOutputStream()))
                .isInstanceOfSatisfying(BlockNotFoundException.class, e -> assertThat(e.cid()).isEqualTo(leaf));
    }

    private void assertProblem(String hex, Problem problem) {
        assertProblem(HEX.parseHex(hex), problem);
    }

    private void assertProblem(byte[] car, Problem problem) {
        assertThatThrownBy(() -> importBytes(car)).isInstanceOfSatisfying(CarFormatException.class,
                e -> assertThat(e.problem()).as(e.getMessage()).isEqualTo(problem));
        assertThat(store.listPins()).isEmpty();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
