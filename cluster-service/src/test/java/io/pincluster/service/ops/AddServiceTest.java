package io.pincluster.service.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.connector.blockstore.BlockStoreConfig;
import io.pincluster.connector.embedded.EmbeddedConnector;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.AddRequest;
import io.pincluster.core.component.AddedOutput;
import io.pincluster.core.component.UploadPart;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import io.pincluster.ipld.car.CarExporter;
import io.pincluster.ipld.dagpb.DagPbLinkReader;
import io.pincluster.ipld.importer.AddedEntry;
import io.pincluster.ipld.importer.ImportOptions;
import io.pincluster.ipld.importer.PathImporter;
import io.pincluster.service.identity.PeerIdentity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddServiceTest {
    private static final PeerId SELF = PeerIdentity.generate().peerId();

    @TempDir
    Path dir;
    private EmbeddedConnector connector;
    private final List<Cid> pinned = new ArrayList<>();
    private AddService adds;

    @BeforeEach
    void setUp() throws Exception {
        connector = EmbeddedConnector.open(BlockStoreConfig.defaults(dir.resolve("store")), SELF);
        adds = new AddService(connector, (cid, options) -> {
            pinned.add(cid);
            return new Pin(cid, options, PinType.DATA, List.of(SELF), null, Instant.now());
        });
    }

    @AfterEach
    void tearDown() {
        connector.close();
    }

    private static AddRequest request(int cidVersion, boolean rawLeaves, boolean wrap, boolean noPin, String format) {
        return new AddRequest(PinOptions.DEFAULTS, cidVersion, rawLeaves, AddRequest.DEFAULT_CHUNK_SIZE, false, false,
                wrap, false, noPin, false, format);
    }

    private Path tree() throws Exception {
        Path root = dir.resolve("upload").resolve("site");
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("a.txt"), "alpha\n");
        Files.writeString(root.resolve("sub").resolve("b.txt"), "beta\n");
        byte[] big = new byte[600_000]; // three chunks
        new Random(7).nextBytes(big);
        Files.write(root.resolve("sub").resolve("c.bin"), big);
        return root;
    }

    private static List<UploadPart> parts(Path root) throws Exception {
        return List.of(
                new UploadPart("site", true, null),
                new UploadPart("site/a.txt", false, Files.newInputStream(root.resolve("a.txt"))),
                new UploadPart("site/sub", true, null),
                new UploadPart("site/sub/b.txt", false, Files.newInputStream(root.resolve("sub/b.txt"))),
                new UploadPart("site/sub/c.bin", false, Files.newInputStream(root.resolve("sub/c.bin"))));
    }

    private static List<String> lines(List<AddedOutput> out) {
        return out.stream().map(o -> o.name() + " " + o.cid() + " " + o.size()).toList();
    }

    private static List<String> expected(Path root, ImportOptions options) throws Exception {
        List<AddedEntry> entries = new ArrayList<>();
        new PathImporter(options).importPaths(List.of(root), (c, b) -> { }, entries::add, null);
        return entries.stream().map(e -> e.name() + " " + e.cid() + " " + e.size()).toList();
    }

    @Test
    void directoryUploadGivesTheSameEntriesAsTheDiskImporterAndPinsTheRoot() throws Exception {
        Path root = tree();
        List<AddedOutput> out = new ArrayList<>();

        adds.add(request(0, false, false, false, "unixfs"), parts(root).iterator(), out::add);

        assertThat(lines(out)).containsExactlyElementsOf(expected(root, ImportOptions.kuboDefaults()));
        AddedOutput last = out.get(out.size() - 1);
        assertThat(last.name()).isEqualTo("site");
        assertThat(last.allocations()).containsExactly(SELF);
        assertThat(pinned).containsExactly(last.cid());
        assertThat(connector.block(last.cid())).isNotEmpty();
    }

    @Test
    void wrappedCidV1UploadMatchesTooAndNoPinSkipsThePin() throws Exception {
        Path root = tree();
        List<AddedOutput> out = new ArrayList<>();

        adds.add(request(1, true, true, true, "unixfs"), parts(root).iterator(), out::add);

        assertThat(lines(out)).containsExactlyElementsOf(
                expected(root, ImportOptions.kuboV1().withWrapWithDirectory(true)));
        assertThat(out.get(out.size() - 1).name()).isEmpty();
        assertThat(out.get(out.size() - 1).allocations()).isEmpty();
        assertThat(pinned).isEmpty();
    }

    @Test
    void carUploadImportsBlocksAndPinsItsRoot() throws Exception {
        List<AddedOutput> first = new ArrayList<>();
        adds.add(request(0, false, false, true, "unixfs"), List.of(new UploadPart("f.txt", false,
                new ByteArrayInputStream("car content".getBytes()))).iterator(), first::add);
        Cid root = first.get(0).cid();
        ByteArrayOutputStream car = new ByteArrayOutputStream();
        new CarExporter(connector.store(), new DagPbLinkReader()).export(root, car);
        connector.close();
        connector = EmbeddedConnector.open(BlockStoreConfig.defaults(dir.resolve("other-store")), SELF);
        adds = new AddService(connector, (cid, options) -> {
            pinned.add(cid);
            return new Pin(cid, options, PinType.DATA, List.of(), null, Instant.now());
        });
        List<AddedOutput> out = new ArrayList<>();

        adds.add(request(0, false, false, false, "car"), List.of(new UploadPart("x.car", false,
                new ByteArrayInputStream(car.toByteArray()))).iterator(), out::add);

        assertThat(out).extracting(AddedOutput::cid).containsExactly(root);
        assertThat(pinned).containsExactly(root);
        assertThat(connector.block(root)).isNotEmpty();
    }

    @Test
    void badUploadsAreBadRequests() {
        assertThatThrownBy(() -> adds.add(request(0, false, false, false, "unixfs"), List.of(new UploadPart(
                "../etc/passwd", false, new ByteArrayInputStream(new byte[1]))).iterator(), o -> { }))
                .isInstanceOfSatisfying(ClusterException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        assertThatThrownBy(() -> adds.add(request(0, false, false, false, "unixfs"),
                List.<UploadPart>of().iterator(), o -> { }))
                .isInstanceOfSatisfying(ClusterException.class,
                        e -> assertThat(e.getMessage()).contains("no file"));
        assertThat(pinned).isEmpty();
    }
}
