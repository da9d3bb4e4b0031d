package dev.undercurrent.app.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.undercurrent.app.http.ApiServer;
import dev.undercurrent.app.service.RunFixtures;
import dev.undercurrent.app.service.RunService;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Opens the served page and the report in headless Chromium and checks that a person would see
 * the segment map and the opportunities. Needs Debian's {@code chromium} and
 * {@code chromium-driver} ({@code apt-get install -y chromium chromium-driver}); without them it
 * fails, because a page nobody has looked at is not tested. Screenshots go to
 * {@code target/screenshots/}.
 */
class ReportPageBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @TempDir static Path runDir;
  @TempDir static Path profileDir;
  private static ApiServer server;
  private static ChromeDriver driver;

  @BeforeAll
  static void start() throws IOException {
    for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(p)) {
        fail(p + " not found: the browser test needs Chromium and its driver;"
            + " install them with `apt-get install -y chromium chromium-driver`");
      }
    }
    server = ApiServer.start(RunService.open(RunFixtures.writeRun(runDir)), 0);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-dev-shm-usage", "--window-size=1280,900",
        "--user-data-dir=" + profileDir.toAbsolutePath());
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
        .usingAnyFreePort()
        .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  private static void assertVisible(WebElement e, String what) {
    assertTrue(e.isDisplayed(), what + " is displayed");
    assertTrue(e.getSize().getWidth() > 0 && e.getSize().getHeight() > 0,
        what + " has a size, found " + e.getSize());
  }

  private static void checkPage(String path, String screenshotName) throws IOException {
    driver.get(server.uri().resolve(path).toString());
    WebElement map = new WebDriverWait(driver, Duration.ofSeconds(15))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("segment-map")));
    assertVisible(map, "segment map");
    assertTrue(map.getSize().getWidth() > 400, "segment map spans the page, found " + map.getSize());

    List<WebElement> bubbles = driver.findElements(By.cssSelector("#segment-map circle.segment-bubble"));
    assertEquals(5, bubbles.size());
    for (WebElement b : bubbles) {
      assertVisible(b, "bubble of segment " + b.getAttribute("data-segment-id"));
    }
    List<WebElement> opportunities = driver.findElements(By.cssSelector("article.opportunity"));
    assertEquals(9, opportunities.size());
    for (WebElement o : opportunities) {
      assertVisible(o, "opportunity " + o.getAttribute("data-opportunity-id"));
    }
    assertVisible(driver.findElement(By.id("total-expected-value")), "total expected value");
    assertVisible(driver.findElement(By.id("model-quality")), "model quality");
    assertVisible(driver.findElement(By.id("data-quality")), "data quality");

    JavascriptExecutor js = driver;
    Object fetched = js.executeScript(
        "return performance.getEntriesByType('resource').map(e => e.name)");
    assertEquals(List.of(), fetched, "the page fetches nothing beyond itself");

    long height = ((Number) js.executeScript(
        "return Math.ceil(document.documentElement.scrollHeight)")).longValue();
    driver.manage().window().setSize(new Dimension(1280, (int) Math.min(height + 40, 12000)));
    Files.createDirectories(SCREENSHOTS);
    Path png = SCREENSHOTS.resolve(screenshotName);
    Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
    driver.manage().window().setSize(new Dimension(1280, 900));
    assertTrue(Files.size(png) > 10_000, "screenshot " + png + " has content");
  }

  @Test
  void servedPageShowsTheMapAndTheOpportunities() throws IOException {
    checkPage("/", "served-page.png");
  }

  @Test
  void reportShowsTheMapAndTheOpportunities() throws IOException {
    checkPage("/report", "report.png");
  }

  @Test
  void clickingABubbleOpensItsCard() {
    driver.get(server.uri().resolve("/report").toString());
    WebElement bubble = new WebDriverWait(driver, Duration.ofSeconds(15)).until(
        ExpectedConditions.elementToBeClickable(By.cssSelector("circle[data-segment-id='2']")));
    bubble.click();
    new WebDriverWait(driver, Duration.ofSeconds(5))
        .until(d -> d.getCurrentUrl().endsWith("#segment-2"));
    assertVisible(driver.findElement(By.id("segment-2")), "card of segment 2");
  }

  @Test
  void aPersonLooksACustomerUpAndWalksToTheNearestOne() throws IOException {
    driver.get(server.uri().resolve("/").toString());
    WebElement box = new WebDriverWait(driver, Duration.ofSeconds(15))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("customer-id")));
    box.sendKeys("c011");
    driver.findElement(By.cssSelector("form.customer-lookup button[type=submit]")).click();
    WebElement heading = new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(ExpectedConditions.visibilityOfElementLocated(By.tagName("h1")));
    assertEquals("Customer c011", heading.getText());
    WebElement held = driver.findElement(By.cssSelector("table.opportunities tr.holdout"));
    assertVisible(held, "the opportunity the customer is held out of");
    assertTrue(held.getText().contains("held out: leave this customer out"), held.getText());
    List<WebElement> near = driver.findElements(By.cssSelector("table.neighbours tbody tr"));
    assertEquals(4, near.size(), "the run's four other customers");
    Files.createDirectories(SCREENSHOTS);
    Files.write(SCREENSHOTS.resolve("customer-page.png"), driver.getScreenshotAs(OutputType.BYTES));
    // the nearest one is the customer keyed by an email address: its page, by its link
    near.get(0).findElement(By.tagName("a")).click();
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), RunFixtures.ANN_ID));
    assertTrue(driver.getPageSource().contains("Keep loyal high spenders"), "Ann's retain opportunity");
    // an address nobody has: a page that says so, without repeating the address
    driver.get(server.uri().resolve("/").toString());
    new WebDriverWait(driver, Duration.ofSeconds(15))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("customer-id"))).sendKeys("bob@example.com");
    driver.findElement(By.cssSelector("form.customer-lookup button[type=submit]")).click();
    WebElement problem = new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("p.problem")));
    assertTrue(problem.getText().contains("not found"), problem.getText());
    assertTrue(!driver.getPageSource().contains("bob@"), "the address is not repeated");
  }
}
