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
 * Only the composition root and the whole-system test and benchmark modules may use everything. Checked in both
 * the sources (imports and fully qualified names) and the poms.
 */
class ModuleBoundariesTest {
    private static final String ANY = "*";
    private static final Set<String> LIBRARIES = Set.of("cluster-core", "ipld");

    /**
     * Which modules each module may use besides itself. A module missing from the table is taken as one more
     * implementation module: the libraries only.
     */
    private static final Map<String, Set<String>> MAY_USE = Map.ofEntries(
            entry("cluster-core", Set.of()),
            entry("ipld", Set.of("cluster-core")),
            entry("node-connector", LIBRARIES),
            entry("consensus", LIBRARIES),
            entry("allocator", LIBRARIES),
            entry("rest-api", LIBRARIES),
            entry("gateway", LIBRARIES),
            entry("peer-protocol", LIBRARIES),
            entry("cluster-rpc", Set.of("cluster-core", "ipld", "peer-protocol")),
            // the command-line client talks to a peer over HTTP and shares only the core types
            entry("cluster-ctl", LIBRARIES),
            // the composition root, and the modules that run or measure the whole system
            entry("cluster-service", Set.of(ANY)),
            entry("integration-tests", Set.of(ANY)),
            entry("benchmarks", Set.of(ANY)));

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
                if (used.isPresent() && !mayUse(module, used.get())) {
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
            for (String dependency : build.pomDependencies(module)) {
                if (!mayUse(module, dependency)) {
                    violations.add(module + "/pom.xml depends on " + dependency);
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
        assertThat(ModuleSources.referencesIn(Path.of("X.java"), source))
                .extracting(Reference::line, Reference::pkg)
                .containsExactly(
                        tuple(3, "io.pincluster.connector.blockstore"),
                        tuple(4, "io.pincluster.consensus"),
                        tuple(6, "io.pincluster.allocator"),
                        tuple(8, "io.pincluster.rpc"));
    }

    @Test
    void theTableKeepsImplementationsApart() {
        assertThat(mayUse("gateway", "node-connector")).isFalse();
        assertThat(mayUse("gateway", "ipld")).isTrue();
        assertThat(mayUse("ipld", "node-connector")).isFalse();
        assertThat(mayUse("cluster-rpc", "peer-protocol")).isTrue();
        assertThat(mayUse("a-new-module", "consensus")).isFalse();
        assertThat(mayUse("cluster-service", "consensus")).isTrue();
    }

    private static boolean mayUse(String module, String used) {
        if (module.equals(used)) {
            return true;
        }
        Set<String> allowed = MAY_USE.getOrDefault(module, LIBRARIES);
        return allowed.contains(ANY) || allowed.contains(used);
    }
}
