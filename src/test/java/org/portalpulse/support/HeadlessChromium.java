package org.portalpulse.support;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogType;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One reader's browser: Debian's headless Chromium driven by Debian's chromedriver, with a fresh
 * profile and the User-Agent it is given. The server knows a visitor by client address and
 * User-Agent, so two sessions with different User-Agents on one machine are two visitors.
 */
public final class HeadlessChromium implements AutoCloseable {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  /** For a page to load, call its APIs or get its first frames: generous, it is not what is measured. */
  public static final Duration SETTLE = Duration.ofSeconds(10);
  /** A number written the Vietnamese way: 1.446 is one thousand four hundred forty-six. */
  private static final Pattern VIETNAMESE_NUMBER = Pattern.compile("\\d{1,3}(\\.\\d{3})*");
  /** A mark left on the page shown: a reload makes a new window object, without it. */
  private static final String LOADED_MARK = "window.portalPulseTestMarker";

  private final String name;
  private final ChromeDriver driver;
  private final Path profile;
  private final Path artifacts;

  private HeadlessChromium(String name, ChromeDriver driver, Path profile, Path artifacts) {
    this.name = name;
    this.driver = driver;
    this.profile = profile;
    this.artifacts = artifacts;
  }

  /** Starts a browser; {@code name} labels its chromedriver log and screenshots under {@code artifacts}. */
  public static HeadlessChromium start(String name, String userAgent, Path artifacts) {
    for (Path executable : new Path[] {CHROMIUM, CHROMEDRIVER}) {
      if (!Files.isExecutable(executable)) {
        throw new IllegalStateException(executable + " is missing: `bash .ci/run` installs it, or apt-get install chromium chromium-driver");
      }
    }
    Path profile = TestPostgres.freshDirectory("chromium-profile");
    ChromeOptions options = new ChromeOptions()
        // Given both paths, Selenium Manager is never asked to find (or download) a driver or a browser.
        .setBinary(CHROMIUM.toFile())
        .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--user-data-dir=" + profile, "--user-agent=" + userAgent, "--window-size=1280,1024");
    // The page's console (a refused websocket, a script error) is kept for the artifacts.
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    try {
      Files.createDirectories(artifacts);
      ChromeDriverService service = new ChromeDriverService.Builder()
          .usingDriverExecutable(CHROMEDRIVER.toFile())
          .usingAnyFreePort()
          .withLogFile(artifacts.resolve(name + "-chromedriver.log").toFile())
          .build();
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
      return new HeadlessChromium(name, driver, profile, artifacts);
    } catch (IOException e) {
      deleteRecursively(profile);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      deleteRecursively(profile);
      throw e;
    }
  }

  public String name() {
    return name;
  }

  public void open(String url) {
    driver.get(url);
  }

  /**
   * Opens {@code url} in a new tab behind the current one, as a reader's middle click does: the page
   * loads hidden. Returns the tab, for {@link #bringToFront}.
   */
  public String openInBackground(String url) {
    return (String) driver.executeCdpCommand("Target.createTarget", Map.of("url", url, "background", true)).get("targetId");
  }

  /** Shows the tab, as a reader switching to it does. */
  public void bringToFront(String tab) {
    driver.executeCdpCommand("Target.activateTarget", Map.of("targetId", tab));
  }

  public String currentUrl() {
    return driver.getCurrentUrl();
  }

  public String userAgent() {
    return (String) driver.executeScript("return navigator.userAgent");
  }

  /** The text of the first element matching the CSS selector, or null when the page has none. */
  public String text(String cssSelector) {
    return driver.findElements(By.cssSelector(cssSelector)).stream().findFirst().map(e -> e.getText().strip()).orElse(null);
  }

  /** The number the first element matching the CSS selector shows, or null when it shows none. */
  public Long number(String cssSelector) {
    String text = text(cssSelector);
    return text != null && VIETNAMESE_NUMBER.matcher(text).matches() ? Long.parseLong(text.replace(".", "")) : null;
  }

  /** As {@link #number}, for a number that must be there. */
  public long shownNumber(String cssSelector) {
    Long number = number(cssSelector);
    if (number == null) {
      throw new AssertionError(name + " shows no number written the Vietnamese way in " + cssSelector + ": " + text(cssSelector));
    }
    return number;
  }

  public Object script(String javascript, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(javascript, args);
  }

  /** The console messages since the last call (a refused script, style or socket is one), as {@code LEVEL message}. */
  public List<String> console() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .map(entry -> entry.getLevel() + " " + entry.getMessage()).toList();
  }

  /** Marks the page now shown, for {@link #assertNotReloaded}. */
  public void markPage() {
    script(LOADED_MARK + " = arguments[0]", name);
  }

  /** The page is the one marked: same address, and the mark is still there, so it was never reloaded. */
  public void assertNotReloaded(String url) {
    assertThat(currentUrl()).as(name + " address").isEqualTo(url);
    assertThat(script("return " + LOADED_MARK)).as(name + " was not reloaded").isEqualTo(name);
  }

  /** Types into the first element matching the CSS selector, key by key, as a person would. */
  public void type(String cssSelector, String keys) {
    driver.findElement(By.cssSelector(cssSelector)).sendKeys(keys);
  }

  /** Runs a script that ends by calling its last argument, the callback, and returns what it was called with. */
  public Object asyncScript(String javascript, Object... args) {
    return ((JavascriptExecutor) driver).executeAsyncScript(javascript, args);
  }

  /** Shows pages as a phone of this CSS size does: mobile viewport, touch, a page may zoom out to fit. */
  public void emulatePhone(int width, int height) {
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", true));
  }

  /** Presses Tab, as a keyboard user moving to the next control does. */
  public void pressTab() {
    new Actions(driver).sendKeys(Keys.TAB).perform();
  }

  /** Clicks the first element matching the CSS selector. */
  public void click(String cssSelector) {
    driver.findElement(By.cssSelector(cssSelector)).click();
  }

  /** Saves a PNG screenshot of the window as {@code file}. */
  public void screenshot(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
      Files.copy(png.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Saves a PNG screenshot, the live DOM and the console messages so far in the artifacts folder, as
   * {@code name-label.png}, {@code .html} and {@code -console.log}. Never fails: an artifact helps to
   * read a failure, it must not hide the failure itself.
   */
  public void saveArtifacts(String label) {
    try {
      Files.createDirectories(artifacts);
      File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
      Files.copy(png.toPath(), artifacts.resolve(name + "-" + label + ".png"), StandardCopyOption.REPLACE_EXISTING);
      Files.writeString(artifacts.resolve(name + "-" + label + ".html"), driver.getPageSource());
      Files.write(artifacts.resolve(name + "-" + label + "-console.log"), driver.manage().logs().get(LogType.BROWSER).getAll().stream()
          .map(entry -> Instant.ofEpochMilli(entry.getTimestamp()) + " " + entry.getLevel() + " " + entry.getMessage())
          .toList());
    } catch (IOException | RuntimeException e) {
      System.err.println("No artifacts of " + name + ": " + e);
    }
  }

  /** Empties a test's own artifacts folder: a screenshot from an earlier run must not pass for this run's. */
  public static void clearArtifacts(Path artifacts) {
    deleteRecursively(artifacts);
  }

  /** Closes the browser (its pages and sockets with it) and forgets the profile. */
  @Override
  public void close() {
    try {
      driver.quit();
    } catch (WebDriverException alreadyGone) {
      // quit() also stops chromedriver; a browser that died first leaves nothing more to do
    } finally {
      deleteRecursively(profile);
    }
  }

  private static void deleteRecursively(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory left behind is harmless
    }
  }
}
