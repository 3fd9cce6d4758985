package io.pincluster.service;

import static io.pincluster.service.testing.ClusterContent.addFiles;
import static io.pincluster.service.testing.ClusterContent.pinnedOnEveryAllocation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.peer.PeerId;
import io.pincluster.service.testing.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real browser (Debian's headless Chromium, driven by chromedriver through Selenium) against four
 * in-JVM peers in three zones with real Raft, RPC and content: the page lists every peer with its zone; when a peer
 * stops, its row turns red (down), and the under-replicated count the page shows rises, then falls back to 0 once the
 * leader has moved its copies elsewhere, with the moves listed as repairs. Screenshots are kept in
 * {@code target/dashboard-screenshots/}. Skipped, saying why, where {@code chromium} or {@code chromedriver} is not
 * installed ({@code .ci/run} installs both).
 */
@Timeout(300)
class DashboardBrowserTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
    private static final Map<String, String> USERS = Map.of(
            "PINCLUSTER_RESTAPI_BASIC_AUTH_CREDENTIALS", "{\"admin\":\"admin-pw\",\"viewer\":\"viewer-pw\"}",
            "PINCLUSTER_RESTAPI_USER_ROLES", "{\"viewer\":\"reader\"}");
    /**
     * A stopped peer is judged down after 3 s; its pins then wait this long before they move, so the page (polling
     * every half second) has time to show them under-replicated.
     */
    private static final String GRACE = "6s";
    /** The state badge's red ({@code --down} in dashboard.css), as the browser reports a computed colour. */
    private static final String DOWN_RED = "198, 40, 40";

    @TempDir
    Path dir;
    private WebDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void showsPeersTurnsAStoppedPeerRedAndFollowsItsRepairToTheEnd() throws Exception {
        Path chromium = executable("chromium", "chromium-browser").orElse(null);
        Path chromedriver = executable("chromedriver").orElse(null);
        Assumptions.assumeTrue(chromium != null && chromedriver != null, "DashboardBrowserTest skipped: needs "
                + "Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run does); "
                + "found chromium=" + chromium + ", chromedriver=" + chromedriver);

        try (TestCluster cluster = TestCluster.builder(dir).peers(4).secret("6d".repeat(32))
                .env(TestCluster.FAST_REPAIR).env(USERS)
                .env(Map.of("PINCLUSTER_REPAIR_REPAIR_GRACE", GRACE,
                        "PINCLUSTER_REPAIR_REBALANCE_THRESHOLD", "0", // the only moves here are repairs
                        // Metrics live 3 s rather than 1 s: a browser and four peers share the machine, and a peer
                        // whose metrics expire under that load is no candidate for the pins added below.
                        "PINCLUSTER_MONITOR_TTL", "3s", "PINCLUSTER_REPAIR_PEER_DOWN_AFTER", "3s"))
                .envOfPeer(i -> Map.of("PINCLUSTER_CLUSTER_TAGS", "{\"zone\":\"z" + (i % 3 + 1) + "\"}"))
                .start()) {
            List<ClusterAssembly> peers = new ArrayList<>(cluster.peers());
            await().atMost(PATIENCE).until(() -> peers.stream().allMatch(p ->
                    p.monitor().validMetrics("freespace").size() == 4));
            List<Cid> cids = addFiles(peers.get(0), "dashboard", 12, 2, 2);
            await().atMost(PATIENCE).until(() -> cids.stream().allMatch(cid -> pinnedOnEveryAllocation(peers, cid)));

            // The repair counts are the leader's, so the page is opened there.
            ClusterAssembly leader = cluster.leader();
            browser = startBrowser(chromium, chromedriver);
            signIn(leader, "viewer", "viewer-pw");
            String page = leader.restUrl() + "/dashboard?refresh=0.5";
            browser.get(page);

            await().atMost(PATIENCE).untilAsserted(() -> {
                Shown shown = shown();
                assertThat(shown.peers()).as("peer rows").hasSize(4);
                for (ClusterAssembly p : peers) {
                    Map<String, String> row = shown.peer(p.peerId());
                    assertThat(row.get("state")).as("state of %s", p.peerId()).isEqualTo("up");
                    assertThat(row.get("zone")).as("zone of %s", p.peerId()).matches("z[123]");
                }
                assertThat(shown.text("under-replicated")).isEqualTo("0");
                assertThat(shown.text("errors")).as("errors shown").isEmpty();
            });
            screenshot("1-all-up");

            // Stop the non-leader holding the most copies, as RepairClusterTest does.
            Map<PeerId, Long> held = new HashMap<>();
            for (Cid cid : cids) {
                leader.consensus().state().get(cid).orElseThrow().allocations()
                        .forEach(p -> held.merge(p, 1L, Long::sum));
            }
            ClusterAssembly victim = peers.stream().filter(p -> p != leader)
                    .max(Comparator.comparingLong(p -> held.getOrDefault(p.peerId(), 0L))).orElseThrow();
            PeerId gone = victim.peerId();
            long copiesLost = held.getOrDefault(gone, 0L);
            assertThat(copiesLost).as("the stopped peer holds copies").isPositive();
            victim.close();
            cluster.forget(victim);
            peers.remove(victim);

            // The page turns the row red, and sees the pins under-replicated (they wait for the grace).
            AtomicLong highest = new AtomicLong();
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                Shown shown = shown();
                highest.accumulateAndGet(shown.number("under-replicated"), Math::max);
                assertThat(shown.peer(gone).get("state")).isEqualTo("down");
                assertThat(shown.peer(gone).get("badge")).as("badge colour").contains(DOWN_RED);
                assertThat(highest.get()).as("highest under-replicated count shown").isPositive();
            });
            screenshot("2-peer-down-under-replicated");
            assertThat(highest.get()).as("under-replicated pins shown").isBetween(1L, copiesLost);
            // Then the count comes back to 0 once every copy has moved, and the moves are listed as repairs.
            await().atMost(PATIENCE).untilAsserted(() -> {
                Shown shown = shown();
                assertThat(shown.text("under-replicated")).isEqualTo("0");
                assertThat(shown.text("repaired")).isEqualTo(Long.toString(copiesLost));
                assertThat(shown.moveKinds()).hasSize((int) Math.min(copiesLost, 15)).containsOnly("repair");
                assertThat(shown.text("first-move-reason")).contains("peer " + gone + " down since");
                assertThat(shown.peer(gone).get("state")).as("still down").isEqualTo("down");
            });
            screenshot("3-repaired");

            // Another peer's dashboard shows the peers too, and sends the reader to the leader for the repair counts.
            ClusterAssembly follower = peers.stream().filter(p -> p != leader).findFirst().orElseThrow();
            signIn(follower, "viewer", "viewer-pw");
            browser.get(follower.restUrl() + "/dashboard?refresh=0.5");
            await().atMost(PATIENCE).untilAsserted(() -> {
                Shown shown = shown();
                assertThat(shown.peer(gone).get("state")).isEqualTo("down");
                assertThat(shown.text("under-replicated")).isEqualTo("–");
                assertThat(shown.text("repair-note")).contains("kept by the Raft leader (peer");
            });
            screenshot("4-follower");
        }
    }

    /** What the page shows at one instant (read in one script run, so no redraw falls in between). */
    private record Shown(List<Map<String, String>> peers, Map<String, String> texts, List<String> moveKinds) {
        Map<String, String> peer(PeerId id) {
            return peers.stream().filter(p -> id.value().equals(p.get("id"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no row for peer " + id + " in " + peers));
        }

        String text(String id) {
            return texts.getOrDefault(id, "");
        }

        long number(String id) {
            return text(id).matches("\\d+") ? Long.parseLong(text(id)) : 0;
        }
    }

    private static final String READ_PAGE = """
            const text = (id) => { const e = document.getElementById(id); return e && !e.hidden ? e.textContent : ''; };
            const peers = [...document.querySelectorAll('#peers tbody tr[data-peer]')].map((tr) => ({
              id: tr.dataset.peer, state: tr.dataset.state, zone: tr.querySelector('td.zone').textContent,
              badge: getComputedStyle(tr.querySelector('.badge')).backgroundColor }));
            const moves = [...document.querySelectorAll('#moves tbody tr[data-kind]')];
            const reason = document.querySelector('#moves tbody tr[data-kind] td.reason');
            return { peers, moveKinds: moves.map((tr) => tr.dataset.kind), texts: {
              'under-replicated': text('under-replicated'), repaired: text('repaired'), errors: text('errors'),
              'repair-note': text('repair-note'),
              'first-move-reason': reason ? reason.textContent : '' } };
            """;

    @SuppressWarnings("unchecked")
    private Shown shown() {
        Map<String, Object> read = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript(READ_PAGE);
        return new Shown((List<Map<String, String>>) read.get("peers"), (Map<String, String>) read.get("texts"),
                (List<String>) read.get("moveKinds"));
    }

    private WebDriver startBrowser(Path chromium, Path chromedriver) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        // --no-sandbox: CI runs as root, where Chromium refuses its sandbox.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1300", "--user-data-dir=" + dir.resolve("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().withLogFile(dir.resolve("chromedriver.log").toFile()).build();
        return new ChromeDriver(service, options);
    }

    /**
     * Signs the browser in the way a person does when the browser asks: the credentials go into its HTTP
     * authentication cache (here from the address, which Chromium accepts for a page it navigates to), and the page
     * and its polls then carry them. The page itself is then opened without credentials in its address.
     */
    private void signIn(ClusterAssembly peer, String user, String password) {
        java.net.URI rest = peer.restUrl();
        browser.get(rest.getScheme() + "://" + user + ":" + password + "@" + rest.getAuthority() + "/dashboard");
        assertThat(browser.findElement(By.tagName("h1")).getText()).as("signed in").isEqualTo("Pincluster");
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve("dashboard-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The first of {@code names} found on the PATH. */
    private static Optional<Path> executable(String... names) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(names).flatMap(name -> Stream.of(path.split(java.io.File.pathSeparator))
                        .filter(d -> !d.isEmpty()).map(d -> Path.of(d, name)))
                .filter(Files::isExecutable).findFirst();
    }
}
