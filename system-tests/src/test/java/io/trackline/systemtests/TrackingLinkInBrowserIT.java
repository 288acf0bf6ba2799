package io.trackline.systemtests;

import io.restassured.path.json.JsonPath;
import io.trackline.events.EventCodec;
import io.trackline.events.EventType;
import io.trackline.events.Events;
import io.trackline.events.Topics;
import io.trackline.events.data.Location;
import io.trackline.events.data.Milestone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The customer opens the tracking link from the confirmation email in a real browser (headless Chromium) and
 * watches the page follow the parcel, without reloading, as a carrier publishes its milestones to Kafka.
 */
class TrackingLinkInBrowserIT extends SystemTest {

    private static final DateTimeFormatter PAGE_DATE = DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL)
            .withLocale(Locale.ENGLISH);
    private static ChromeDriver browser;

    @BeforeAll
    static void startBrowser() throws IOException {
        if (!new File("/usr/bin/chromedriver").canExecute()) {
            throw new IllegalStateException(
                    "chromium and chromium-driver are needed: apt-get install -y chromium chromium-driver");
        }
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
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void shouldFollowTheParcelLiveFromTheLinkInTheConfirmationEmail() {
        Orders.Customer margaret = Orders.Customer.unique("Margaret Hamilton", false);
        String email = margaret.email();
        JsonPath order = Orders.place(stack, margaret, "webshop", "EXPRESS", "APOLLO-CODE");
        String tn = order.getString("trackingNumber");
        LocalDate promised = LocalDate.parse(order.getString("estimatedDelivery"));

        await().atMost(PATIENCE).until(() -> !Sinks.mailsTo(stack, email).isEmpty());
        Sinks.Mail confirmation = Sinks.mailsTo(stack, email).get(0);
        Matcher link = Pattern.compile("https?://\\S+/track/" + tn + "\\?t=\\S+").matcher(confirmation.text());
        assertThat(link.find()).as("a tracking link in:\n%s", confirmation.text()).isTrue();
        assertThat(link.group()).isEqualTo(order.getString("trackingUrl"));

        // opened at once: when the email is quicker than tracking-service, the page says so and reloads itself
        browser.get(link.group());
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Order confirmed"));
        assertThat(browser.findElement(By.id("tracking-number")).getText()).isEqualTo(tn);
        assertThat(browser.findElement(By.id("eta")).getText()).startsWith(PAGE_DATE.format(promised));
        assertThat(browser.findElement(By.id("destination")).getText()).isEqualTo("Amsterdam, NL");
        ((JavascriptExecutor) browser).executeScript("window.__sameDocument = 'yes';");

        publish(EventType.DISPATCHED, tn, new Location("DC Tilburg", "Tilburg", "NL", null, null), null);
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Dispatched"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("last-location"), "DC Tilburg"));

        publish(EventType.IN_TRANSIT, tn, new Location("Hub Utrecht", "Utrecht", "NL", null, null), null);
        wait.until(ExpectedConditions.textToBe(By.id("status"), "In transit"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("last-location"), "Hub Utrecht"));
        assertThat(browser.findElements(By.cssSelector("#steps li.done"))).hasSize(3);

        publish(EventType.OUT_FOR_DELIVERY, tn, new Location(null, "Amsterdam", "NL", null, null), null);
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Out for delivery"));

        publish(EventType.DELIVERED, tn, new Location(null, "Amsterdam", "NL", null, null), "M. Hamilton");
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Delivered"));
        wait.until(ExpectedConditions.textToBe(By.id("received-by"), "M. Hamilton"));
        assertThat(browser.findElement(By.id("delivery")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("feedback")).isDisplayed()).isTrue();
        assertThat(browser.findElements(By.cssSelector("#steps li.done"))).hasSize(5);
        List<String> timeline = browser.findElements(By.cssSelector("#timeline li .what")).stream()
                .map(e -> e.getText()).toList();
        assertThat(timeline).containsExactly("Delivered", "Out for delivery", "In transit", "Left the warehouse",
                "Order confirmed");

        // every change arrived in the page that was opened from the email: it never reloaded
        assertThat(((JavascriptExecutor) browser).executeScript("return window.__sameDocument;")).isEqualTo("yes");
        assertThat(browser.getCurrentUrl()).isEqualTo(link.group());
    }

    /** A carrier's scan, happening now, published straight to the lifecycle topic. */
    private static void publish(EventType type, String tn, Location location, String recipient) {
        upstream.send(Topics.SHIPMENT_LIFECYCLE, tn, EventCodec.toJson(Events.create(type, "/upstream/carrier", tn,
                OffsetDateTime.now(ZoneOffset.UTC), new Milestone(location, "ACME", null, null, null, null,
                        recipient, null), Map.of())));
    }
}
