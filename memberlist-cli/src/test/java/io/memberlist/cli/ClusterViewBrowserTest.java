package io.memberlist.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live cluster view in a real browser: Debian's Chromium, headless, driven by Selenium through
 * Debian's chromedriver (named explicitly, so Selenium Manager never looks for one to download).
 * Three agents run as separate JVMs; the page of the first must show every change without being
 * reloaded: three alive rows, then a SIGKILLed member turning suspect and then dead, then a member
 * that leaves shown as left. Screenshots of each step go to {@code target/screenshots/} (see
 * {@link #screenshotDir}).
 *
 * <p>Without Chromium the test is skipped with the command that installs it, except on CI
 * ({@code CI=true}), where it fails: there the browser is part of the set-up.
 */
class ClusterViewBrowserTest {
    static final Path CHROMIUM = Path.of(System.getProperty("memberlist.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("memberlist.chromedriver", "/usr/bin/chromedriver"));
    static final String INSTALL = "apt-get install -y chromium chromium-driver";
    /** Bound on each wait for the page; the cluster needs a few seconds per step with the local preset. */
    static final Duration BOUND = Duration.ofSeconds(60);
    static final long MAX_SCREENSHOT_BYTES = 200 * 1024;

    @TempDir
    Path profile;

    @Test
    void thePageFollowsJoinsFailuresAndLeavesWithoutReloading() throws Exception {
        requireChromium();
        Path shots = screenshotDir();
        try (AgentProcess a = AgentProcess.start("node-a", "--meta", "role=edge");
                AgentProcess b = AgentProcess.start("node-b", "--join", a.gossip, "--meta", "role=api");
                AgentProcess c = AgentProcess.start("node-c", "--join", a.gossip, "--meta", "role=worker")) {
            WebDriver driver = startChromium();
            try {
                driver.get("http://" + a.http + "/");
                WebDriverWait wait = new WebDriverWait(driver, BOUND, Duration.ofMillis(50));
                wait.until(d -> states(d).equals(List.of("alive", "alive", "alive")));
                // a mark that survives only as long as the page is not reloaded
                ((JavascriptExecutor) driver).executeScript("window.testMark = 'still the same page';");
                wait.until(d -> text(d, "health-score").matches("\\d+") && text(d, "count-total").equals("3"));
                Thread.sleep(3000); // a few seconds of chart before the first picture
                screenshot(driver, shots.resolve("cluster-view-alive.png"));

                c.process.destroyForcibly(); // SIGKILL: the others find out by probing
                wait.until(d -> state(d, "node-c").equals("suspect"));
                screenshot(driver, shots.resolve("cluster-view-suspect.png"));
                wait.until(d -> state(d, "node-c").equals("dead"));
                screenshot(driver, shots.resolve("cluster-view-dead.png"));

                Cli leave = Cli.run("leave", "--http", b.http);
                assertThat(leave.exitCode()).as(leave.err()).isZero();
                wait.until(d -> state(d, "node-b").equals("left"));
                assertThat(b.waitFor(BOUND)).isTrue();
                Thread.sleep(1500); // the chart's next sample
                screenshot(driver, shots.resolve("cluster-view-left.png"));

                assertThat(states(driver)).containsExactly("alive", "left", "dead");
                assertThat(((JavascriptExecutor) driver).executeScript("return window.testMark;"))
                        .isEqualTo("still the same page");
                List<String> events = driver.findElements(By.cssSelector("#events li")).stream()
                        .map(li -> li.getAttribute("data-type") + " " + li.getAttribute("data-name")).toList();
                assertThat(events).contains("suspect node-c", "dead node-c", "left node-b", "joined node-b");
                assertThat(text(driver, "count-dead")).isEqualTo("1");
                assertThat(text(driver, "count-left")).isEqualTo("1");
                assertThat(text(driver, "count-total")).isEqualTo("1");
                assertThat(driver.findElements(By.cssSelector("#chart polyline"))).hasSize(5);
            } finally {
                driver.quit();
            }
        }
    }

    /** Skips (or on CI fails) with the install command when Chromium or its driver is missing. */
    static void requireChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String reason = "Chromium and chromedriver are needed at " + CHROMIUM + " and " + CHROMEDRIVER
                + "; install them with: " + INSTALL;
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(reason);
        }
        if (!present) {
            System.err.println("ClusterViewBrowserTest skipped: " + reason);
        }
        assumeTrue(present, reason);
    }

    private WebDriver startChromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1200,860");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    /** The state of every row, in the table's order (by name). */
    private static List<String> states(WebDriver d) {
        return d.findElements(By.cssSelector("#members tbody tr")).stream()
                .map(tr -> tr.getAttribute("data-state")).toList();
    }

    private static String state(WebDriver d, String name) {
        List<WebElement> rows = d.findElements(By.cssSelector("#members tbody tr[data-name='" + name + "']"));
        return rows.isEmpty() ? "" : rows.get(0).getAttribute("data-state");
    }

    private static String text(WebDriver d, String id) {
        return d.findElement(By.id(id)).getText();
    }

    private static void screenshot(WebDriver driver, Path file) throws IOException {
        byte[] png = ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES);
        assertThat((long) png.length).as(file + " size").isLessThan(MAX_SCREENSHOT_BYTES);
        Files.write(file, png);
    }

    /**
     * {@code target/screenshots} of the module, so that a test run leaves the checkout as it was;
     * {@code -Dmemberlist.screenshots=../docs/screenshots} refreshes the documentation's.
     */
    private static Path screenshotDir() throws IOException {
        String configured = System.getProperty("memberlist.screenshots");
        Path dir = configured != null ? Path.of(configured)
                : Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target").resolve("screenshots");
        return Files.createDirectories(dir);
    }
}
