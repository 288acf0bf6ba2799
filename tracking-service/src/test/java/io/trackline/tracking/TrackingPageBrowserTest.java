package io.trackline.tracking;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trackline.events.EventType;
import io.trackline.events.Events;
import io.trackline.events.TrackingNumbers;
import io.trackline.events.data.Milestone;
import io.trackline.platform.security.TrackingLinks;
import io.trackline.testing.KafkaTestClient;
import io.trackline.testing.TestKafka;
import io.trackline.testing.TracklineTestEnvironment;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The tracking page in a real headless Chromium (Debian's chromium and chromium-driver). */
@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class,
        initArgs = @ResourceArg(name = "service", value = "tracking"), scope = TestResourceScope.MATCHING_RESOURCES)
class TrackingPageBrowserTest {

    private static final String HOSTILE_NAME = "<script>alert(1)</script>";
    private static KafkaTestClient kafka;
    private static ChromeDriver browser;

    @TestHTTPResource("/")
    URL base;

    @Inject
    TrackingLinks links;

    @BeforeAll
    static void start() throws IOException {
        kafka = new KafkaTestClient(TestKafka.bootstrapServers());
        System.setProperty("SE_OFFLINE", "true");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--user-data-dir=" + Files.createTempDirectory("trackline-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        kafka.close();
    }

    @Test
    void shouldUpdateThePageWithoutReloadWhenAMilestoneArrives() {
        String tn = TrackingNumbers.generate("TL", "NL");
        TrackingTestData.publish(kafka, TrackingTestData.confirmed(tn, OffsetDateTime.now(ZoneOffset.UTC)
                .minusHours(3)));
        awaitPage(tn);

        browser.get(pageUrl(tn));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Order confirmed"));
        ((JavascriptExecutor) browser).executeScript("window.__sameDocument = 'yes';");

        TrackingTestData.publish(kafka, Events.create(EventType.IN_TRANSIT, "/test/carrier", tn,
                OffsetDateTime.now(ZoneOffset.UTC).minusHours(1), new Milestone(
                        new io.trackline.events.data.Location("Hub Utrecht", "Utrecht", "NL", null, null), "ACME",
                        null, "Sorted", null, null, null, null), Map.of()));
        wait.until(ExpectedConditions.textToBe(By.id("status"), "In transit"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("last-location"), "Hub Utrecht"));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.__sameDocument;")).isEqualTo("yes");
        assertThat(browser.findElements(By.cssSelector("#steps li.done"))).hasSize(3);
    }

    @Test
    void shouldShowHostileTextAsTextLiveAndOnReload() {
        String tn = TrackingNumbers.generate("TL", "NL");
        TrackingTestData.publish(kafka, TrackingTestData.confirmed(tn, OffsetDateTime.now(ZoneOffset.UTC)
                .minusHours(3)));
        awaitPage(tn);
        browser.get(pageUrl(tn));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Order confirmed"));

        TrackingTestData.publish(kafka, Events.create(EventType.DELIVERED, "/test/carrier", tn,
                OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5), new Milestone(null, null, null, HOSTILE_NAME,
                        null, null, HOSTILE_NAME, null), Map.of()));
        wait.until(ExpectedConditions.textToBe(By.id("received-by"), HOSTILE_NAME));
        assertNoAlertAndNoInjectedScript();

        browser.navigate().refresh();
        wait.until(ExpectedConditions.textToBe(By.id("received-by"), HOSTILE_NAME));
        assertNoAlertAndNoInjectedScript();
        assertThat(browser.findElement(By.id("feedback")).isDisplayed()).isTrue();
    }

    private void assertNoAlertAndNoInjectedScript() {
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(browser.findElements(By.cssSelector("main script"))).isEmpty();
    }

    private void awaitPage(String tn) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().queryParam("t", links.token(tn))
                .when().get("/track/" + tn).then().statusCode(200));
    }

    private String pageUrl(String tn) {
        return base.toString().replaceAll("/$", "") + "/track/" + tn + "?t=" + links.token(tn);
    }

    static {
        if (!new File("/usr/bin/chromedriver").canExecute()) {
            throw new UncheckedIOException(new IOException(
                    "chromium and chromium-driver are needed: apt-get install -y chromium chromium-driver"));
        }
    }
}
