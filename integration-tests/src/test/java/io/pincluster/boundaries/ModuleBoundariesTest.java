package io.pincluster.boundaries;

import static java.util.Map.entry;
import static org.assertj.core.groups.Tuple.tuple;
import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.boundaries.ModuleSources.Reference;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Implementation modules stay apart: each may use the shared libraries (cluster-core's contracts, ipld's data
 * formats) but no other implementation, so any of them can be replaced or changed without touching the others.
 * Only the composition root and the whole-system test and benchmark modules may use everything. Every module's
 * tests (and only its tests) may use the test kit. Checked in both the sources (imports and fully qualified
 * names) and the poms.
 */
class ModuleBoundariesTest {
    private static final String ANY = "*";
    private static final Set<String> LIBRARIES = Set.of("cluster-core", "ipld");
    /** Libraries any module's tests may use, and no module's main code. */
    private static final Set<String> TEST_LIBRARIES = Set.of("test-kit");

    /**
     * Which modules each module may use besides itself. A module missing from the table is taken as one more
     * implementation module: the libraries only.
     */
    private static final Map<String, Set<String>> MAY_USE = Map.ofEntries(
            entry("test-kit", Set.of()),
            entry("cluster-core", Set.of()),
            entry("ipld", Set.of("cluster-core")),
            entry("node-connector", LIBRARIES),
            entry("consensus", LIBRARIES),
            entry("allocator", LIBRARIES),
            entry("rest-api", LIBRARIES),
            entry("gateway", LIBRARIES),
            // CAR archives, piece commitments and the S3 object store: the service wires them to the rest
            entry("cold-tier", LIBRARIES),
            entry("peer-protocol", LIBRARIES),
            entry("cluster-rpc", Set.of("cluster-core", "ipld", "peer-protocol")),
            // mutual TLS on the peer links: the CA, certificates and key/trust managers (BouncyCastle inside)
            entry("peer-security", Set.of("cluster-core")),
            // the command-line client talks to a peer over HTTP and shares only the core types
            entry("cluster-ctl", LIBRARIES),
            // the composition root, and the modules that run or measure the whole system
            entry("cluster-service", Set.of(ANY)),
            entry("integration-tests", Set.of(ANY)),
            entry("benchmarks", Set.of(ANY)));

    /**
     * What a module's tests may use besides {@link #MAY_USE}: the peer links' tests run over real TLS with real
     * certificates, while their main code sees only cluster-core's {@code PeerTls}; the deploy recipes' tests run
     * the composition root.
     */
    private static final Map<String, Set<String>> TESTS_MAY_ALSO_USE = Map.of(
            "consensus", Set.of("peer-security"),
            "cluster-rpc", Set.of("peer-security"),
            // deploy ships recipes, no code; its tests start peers from them and read them with the config loader
            "deploy", Set.of("cluster-service"));

    private static ModuleSources build;

    @BeforeAll
    static void readTheBuild() throws IOException {
        build = ModuleSources.ofThisBuild();
    }

    @Test
    void sourcesUseOnlyTheModulesTheTableAllows() throws IOException {
        List<String> violations = new ArrayList<>();
        for (String module : build.modules()) {
            for (Reference ref : build.references(module)) {
                Optional<String> used = build.ownerOf(ref.pkg());
                if (used.isPresent() && !mayUse(module, used.get(), ref.inTests())) {
                    violations.add(ref.file() + ":" + ref.line() + ": " + module + " uses " + used.get()
                            + " (" + ref.pkg() + ")");
                }
            }
        }
        assertThat(violations).as("references across module boundaries (see MAY_USE)").isEmpty();
    }

    @Test
    void pomsDependOnlyOnTheModulesTheTableAllows() throws IOException {
        List<String> violations = new ArrayList<>();
        for (String module : build.modules()) {
            for (Map.Entry<String, String> dependency : build.pomDependencyScopes(module).entrySet()) {
                if (!mayUse(module, dependency.getKey(), dependency.getValue().equals("test"))) {
                    violations.add(module + "/pom.xml depends on " + dependency.getKey() + " in scope "
                            + dependency.getValue());
                }
            }
        }
        assertThat(violations).as("pom dependencies across module boundaries (see MAY_USE)").isEmpty();
    }

    @Test
    void noPackageIsDeclaredInTwoModules() {
        assertThat(build.splitPackages()).isEmpty();
    }

    /** Guards the checks above against passing by seeing nothing (a wrong root, a moved source folder). */
    @Test
    void theChecksSeeTheWholeBuild() throws IOException {
        assertThat(build.modules()).contains("cluster-core", "ipld", "node-connector", "gateway", "cluster-service");
        assertThat(build.ownerOf("io.pincluster.gateway.content")).hasValue("gateway");
        assertThat(build.ownerOf("io.pincluster.connector")).hasValue("node-connector");
        assertThat(build.references("gateway")).extracting(Reference::pkg).contains("io.pincluster.ipld.unixfs");
        assertThat(build.pomDependencies("gateway")).contains("cluster-core", "ipld");
    }

    @Test
    void importsStaticImportsAndFullyQualifiedNamesAreAllReferences() {
        String source = """
                package io.pincluster.gateway;

                import io.pincluster.connector.blockstore.EmbeddedBlockStore;
                import static io.pincluster.consensus.RatisConsensus.open;

                /** Reads from {@link io.pincluster.allocator.Balanced}. */
                class X {
                    Object y = new io.pincluster.rpc.GrpcPeerRpc();
                }
                """;
        assertThat(ModuleSources.referencesIn(Path.of("X.java"), source, false))
                .extracting(Reference::line, Reference::pkg)
                .containsExactly(
                        tuple(3, "io.pincluster.connector.blockstore"),
                        tuple(4, "io.pincluster.consensus"),
                        tuple(6, "io.pincluster.allocator"),
                        tuple(8, "io.pincluster.rpc"));
    }

    @Test
    void theTableKeepsImplementationsApart() {
        assertThat(mayUse("gateway", "node-connector", false)).isFalse();
        assertThat(mayUse("gateway", "ipld", false)).isTrue();
        assertThat(mayUse("ipld", "node-connector", false)).isFalse();
        assertThat(mayUse("cluster-rpc", "peer-protocol", false)).isTrue();
        assertThat(mayUse("a-new-module", "consensus", false)).isFalse();
        assertThat(mayUse("cluster-service", "consensus", false)).isTrue();
        assertThat(mayUse("consensus", "peer-security", false)).as("consensus' main code sees only PeerTls").isFalse();
        assertThat(mayUse("cluster-rpc", "peer-security", false)).isFalse();
        assertThat(mayUse("consensus", "peer-security", true)).isTrue();
        assertThat(mayUse("peer-security", "consensus", false)).isFalse();
    }

    @Test
    void theTestKitIsForTestsOnly() {
        assertThat(mayUse("cluster-core", "test-kit", true)).isTrue();
        assertThat(mayUse("a-new-module", "test-kit", true)).isTrue();
        assertThat(mayUse("gateway", "test-kit", false)).isFalse();
        assertThat(mayUse("cluster-service", "test-kit", false)).isFalse();
        assertThat(mayUse("test-kit", "cluster-core", true)).isFalse();
    }

    /** Whether {@code module} may use {@code used}; {@code inTests}: from its tests (test sources, test scope). */
    private static boolean mayUse(String module, String used, boolean inTests) {
        if (module.equals(used)) {
            return true;
        }
        if (TEST_LIBRARIES.contains(used)) {
            return inTests;
        }
        if (inTests && TESTS_MAY_ALSO_USE.getOrDefault(module, Set.of()).contains(used)) {
            return true;
        }
        Set<String> allowed = MAY_USE.getOrDefault(module, LIBRARIES);
        return allowed.contains(ANY) || allowed.contains(used);
    }
}
