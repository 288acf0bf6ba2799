package io.trackline.audit;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.EventType;
import io.trackline.events.Topics;
import io.trackline.events.TrackingNumbers;
import io.trackline.testing.KafkaTestClient;
import io.trackline.testing.TestKafka;
import io.trackline.testing.TestTokens;
import io.trackline.testing.TracklineTestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class,
        initArgs = @ResourceArg(name = "service", value = "audit"), scope = TestResourceScope.MATCHING_RESOURCES)
class AuditQueryTest {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");
    private static final EventType[] MILESTONES = {EventType.DISPATCHED, EventType.IN_TRANSIT, EventType.IN_TRANSIT,
        EventType.IN_TRANSIT, EventType.OUT_FOR_DELIVERY, EventType.EXCEPTION_RAISED, EventType.DELIVERED};

    private static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(TestKafka.bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void shouldPageNewestFirstWithACursorThatRecordsArrivingMeanwhileDoNotDisturb() {
        String tn = TrackingNumbers.generate("TL", "NL");
        List<String> published = publish(tn, "o-" + tn);
        awaitRecords(tn, published.size());

        Response first = page(tn, null);
        assertThat(first.jsonPath().getList("eventId", String.class))
                .containsExactly(published.get(6), published.get(5), published.get(4));
        String second = next(first);
        assertThat(second).isNotNull();

        // A new record arrives between two pages: it is newer than the first page, so no page repeats or skips one
        CloudEvent late = AuditTestSupport.milestone(EventType.DELIVERED, tn, "o-" + tn, OffsetDateTime.now());
        kafka.send(Topics.SHIPMENT_LIFECYCLE, tn, EventCodec.toJson(late));
        awaitRecords(tn, published.size() + 1);

        Response secondPage = page(tn, second);
        assertThat(secondPage.jsonPath().getList("eventId", String.class))
                .containsExactly(published.get(3), published.get(2), published.get(1));
        Response last = page(tn, next(secondPage));
        assertThat(last.jsonPath().getList("eventId", String.class)).containsExactly(published.get(0));
        assertThat(last.header("Link")).isNull();
    }

    @Test
    void shouldFilterByOrderTypeKindAndTimeOfRecording() {
        String tn = TrackingNumbers.generate("TL", "NL");
        String order = "o-" + tn;
        Instant before = Instant.now().minusSeconds(1);
        List<String> published = publish(tn, order);
        kafka.send(Topics.COMMUNICATIONS, tn, EventCodec.toJson(AuditTestSupport.communication("CommunicationSent",
                tn, order, OffsetDateTime.now(), "EMAIL", "dispatched", "SENT")));
        awaitRecords(tn, published.size() + 1);

        given().header("Authorization", TestTokens.bearer("ops")).queryParam("orderId", order)
                .when().get("/api/v1/audit/records")
                .then().statusCode(200).body("$", hasSize(8)).body("orderId", everyItem(equalTo(order)));
        given().header("Authorization", TestTokens.bearer("ops")).queryParam("orderId", order)
                .queryParam("type", "InTransit")
                .when().get("/api/v1/audit/records")
                .then().statusCode(200).body("eventId", containsInAnyOrder(published.get(1), published.get(2),
                        published.get(3)));
        given().header("Authorization", TestTokens.bearer("ops")).queryParam("trackingNumber", tn)
                .queryParam("kind", "communication")
                .when().get("/api/v1/audit/records")
                .then().statusCode(200).body("$", hasSize(1)).body("[0].type", equalTo("CommunicationSent"));
        given().header("Authorization", TestTokens.bearer("ops")).queryParam("trackingNumber", tn)
                .queryParam("from", before.toString()).queryParam("to", Instant.now().plusSeconds(60).toString())
                .when().get("/api/v1/audit/records")
                .then().statusCode(200).body("$", hasSize(8));
        given().header("Authorization", TestTokens.bearer("ops")).queryParam("trackingNumber", tn)
                .queryParam("to", before.toString())
                .when().get("/api/v1/audit/records")
                .then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void shouldAnswerBadQueryParametersWithOneProblemNamingThemAll() {
        given().header("Authorization", TestTokens.bearer("ops"))
                .queryParam("limit", "0").queryParam("from", "yesterday").queryParam("kind", "GOSSIP")
                .queryParam("cursor", "not-a-cursor")
                .when().get("/api/v1/audit/records")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("limit", "from", "kind", "cursor"));
        given().header("Authorization", TestTokens.bearer("ops"))
                .queryParam("from", "2026-11-02").queryParam("to", "2026-11-01").queryParam("limit", "many")
                .when().get("/api/v1/audit/records")
                .then().statusCode(400).body("errors.field", containsInAnyOrder("to", "limit"));
        given().header("Authorization", TestTokens.bearer("ops")).queryParam("format", "xml")
                .when().get("/api/v1/audit/export")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("format"));
        given().header("Authorization", TestTokens.bearer("ops")).queryParam("from", "soon")
                .when().get("/api/v1/audit/verify")
                .then().statusCode(400).body("errors[0].field", equalTo("from"));
    }

    /** Publishes the milestones of one shipment in order; returns their event ids. */
    private static List<String> publish(String tn, String order) {
        List<String> ids = new ArrayList<>();
        OffsetDateTime time = OffsetDateTime.parse("2026-11-20T08:00:00Z");
        for (EventType type : MILESTONES) {
            CloudEvent event = AuditTestSupport.milestone(type, tn, order, time);
            kafka.send(Topics.SHIPMENT_LIFECYCLE, tn, EventCodec.toJson(event));
            ids.add(event.id());
            time = time.plusHours(3);
        }
        return ids;
    }

    private static void awaitRecords(String tn, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> AuditTestSupport.count(
                "SELECT count(*) FROM audit_record WHERE tracking_number = ?", tn) == count);
    }

    private static Response page(String tn, String url) {
        var request = given().header("Authorization", TestTokens.bearer("ops"));
        Response response = url == null
                ? request.queryParam("trackingNumber", tn).queryParam("limit", 3).when().get("/api/v1/audit/records")
                : request.when().get(url);
        response.then().statusCode(200);
        return response;
    }

    private static String next(Response response) {
        String link = response.header("Link");
        if (link == null) {
            return null;
        }
        Matcher matcher = NEXT.matcher(link);
        assertThat(matcher.find()).as("Link header %s has rel=next", link).isTrue();
        return matcher.group(1);
    }
}
