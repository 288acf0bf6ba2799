package io.trackline.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.util.internal.PlatformDependent;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trackline.audit.service.AuditMaintenance;
import io.trackline.events.EventCodec;
import io.trackline.events.Topics;
import io.trackline.testing.KafkaTestClient;
import io.trackline.testing.TestKafka;
import io.trackline.testing.TestTokens;
import io.trackline.testing.TracklineTestEnvironment;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class,
        initArgs = @ResourceArg(name = "service", value = "audit"), scope = TestResourceScope.MATCHING_RESOURCES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportTest {

    private static final Logger LOG = Logger.getLogger(ExportTest.class);
    private static final int ROWS = 100_000;
    private static final long MB = 1024 * 1024;
    /**
     * How much more memory (live heap and direct buffers) an export may hold while it is read. The export is over
     * 60 MB of text, so one built before being sent exceeds this by far; a streamed one holds a fetch of rows.
     */
    private static final long MAX_HELD_MB = 32;

    @Inject
    AuditMaintenance maintenance;

    @Inject
    Clock clock;

    @TestHTTPResource("/api/v1/audit/export")
    URL exportUrl;

    /** A month of its own for the bulk rows (loaded straight into the table, so not linked into its chain). */
    private YearMonth month;

    @BeforeAll
    void loadOneHundredThousandRows() throws Exception {
        month = AuditPartitions.monthOf(clock.instant()).minusMonths(8);
        maintenance.ensurePartitions(month, month);
        try (Connection db = AuditTestSupport.db(); PreparedStatement insert = db.prepareStatement("""
                INSERT INTO audit_record (id, chain_seq, recorded_at, event_time, event_id, kind, type,
                    tracking_number, order_id, source, kafka_topic, kafka_partition, kafka_offset, payload, prev_hash,
                    hash)
                SELECT 1000000000 + g, g, ? + g * interval '1 second', ? + g * interval '1 second', 'EXPORT-' || g,
                    'LIFECYCLE', 'InTransit', 'TL00000000EX', 'o-export', '/test/export',
                    'trackline.shipment.lifecycle', g % 12, g,
                    '{"specversion":"1.0","id":"EXPORT-' || g || '","type":"InTransit","data":{"note":"sorted, '
                        || '\\"quickly\\" ' || repeat('x', 300) || '"}}',
                    repeat('0', 64), repeat('0', 64)
                FROM generate_series(1, ?) g""")) {
            insert.setObject(1, AuditTestSupport.utc(AuditPartitions.start(month).plusSeconds(86_400)));
            insert.setObject(2, AuditTestSupport.utc(AuditPartitions.start(month).plusSeconds(86_400)));
            insert.setInt(3, ROWS);
            assertThat(insert.executeUpdate()).isEqualTo(ROWS);
        }
    }

    @Test
    void shouldStreamAHundredThousandRowsAsCsvWithoutHoldingThemInMemory() throws Exception {
        Export export = export("csv");
        assertThat(export.contentType()).startsWith("text/csv");
        assertThat(export.lines()).isEqualTo(ROWS + 1);
        assertThat(export.first()).isEqualTo("id,recorded_at,event_time,kind,type,event_id,tracking_number,order_id,"
                + "source,kafka_topic,kafka_partition,kafka_offset,chain_seq,hash,reason,headers,payload");
        assertThat(export.last()).startsWith(1_000_000_000L + ROWS + ",")
                .contains(",EXPORT-" + ROWS + ",")
                .endsWith("\"{\"\"specversion\"\":\"\"1.0\"\",\"\"id\"\":\"\"EXPORT-" + ROWS
                        + "\"\",\"\"type\"\":\"\"InTransit\"\",\"\"data\"\":{\"\"note\"\":\"\"sorted, \\\"\"quickly\\\"\" "
                        + "x".repeat(300) + "\"\"}}\"");
        assertThat(export.heldMb()).isLessThan(MAX_HELD_MB);
    }

    @Test
    void shouldStreamAHundredThousandRowsAsJsonLinesOldestFirst() throws Exception {
        Export export = export("jsonl");
        assertThat(export.contentType()).startsWith("application/x-ndjson");
        assertThat(export.lines()).isEqualTo(ROWS);
        JsonNode first = EventCodec.mapper().readTree(export.first());
        JsonNode last = EventCodec.mapper().readTree(export.last());
        assertThat(first.get("eventId").asText()).isEqualTo("EXPORT-1");
        assertThat(last.get("eventId").asText()).isEqualTo("EXPORT-" + ROWS);
        assertThat(EventCodec.mapper().readTree(last.get("payload").asText()).get("id").asText())
                .isEqualTo("EXPORT-" + ROWS);
        assertThat(export.heldMb()).isLessThan(MAX_HELD_MB);
    }

    @Test
    void shouldQuoteCsvFieldsWithCommasQuotesAndLineBreaks() {
        String key = "TLCSV" + System.nanoTime() % 1_000_000_000L;
        String poison = "line one\nline two, \"quoted\"";
        try (KafkaTestClient kafka = new KafkaTestClient(TestKafka.bootstrapServers())) {
            kafka.send(Topics.SHIPMENT_LIFECYCLE, key, poison);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> AuditTestSupport.count(
                "SELECT count(*) FROM audit_record WHERE tracking_number = ?", key) == 1);

        String csv = given().header("Authorization", TestTokens.bearer("customer-service"))
                .queryParam("format", "csv").queryParam("trackingNumber", key).queryParam("kind", "DEAD_LETTER")
                .when().get("/api/v1/audit/export")
                .then().statusCode(200).header("Content-Disposition", org.hamcrest.Matchers.startsWith("attachment"))
                .extract().asString();
        assertThat(csv.split("\r\n")).hasSize(2);
        assertThat(csv).endsWith(",\"line one\nline two, \"\"quoted\"\"\"\r\n").contains(",DEAD_LETTER,");
    }

    /**
     * Streams an export of the bulk month, measuring what the process holds (live heap after GC plus direct
     * buffers, where the HTTP layer queues response bytes) when a tenth and when half of it has been read: an
     * export built before it is sent would still be almost all there at the first point.
     */
    private Export export(String format) throws Exception {
        URI uri = URI.create(exportUrl + "?format=" + format + "&from=" + AuditPartitions.start(month)
                + "&to=" + AuditPartitions.start(month.plusMonths(1)));
        HttpClient client = HttpClient.newHttpClient();
        long heapBefore = liveHeap();
        long directBefore = directMemory();
        long started = System.nanoTime();
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri)
                .header("Authorization", TestTokens.bearer("ops")).timeout(Duration.ofMinutes(5)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        long lines = 0;
        long chars = 0;
        long held = 0;
        StringBuilder checkpoints = new StringBuilder();
        String first = null;
        String last = null;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (first == null) {
                    first = line;
                }
                last = line;
                lines++;
                chars += line.length() + 1;
                if (lines == ROWS / 10 || lines == ROWS / 2) {
                    long heap = liveHeap() - heapBefore;
                    long direct = directMemory() - directBefore;
                    held = Math.max(held, heap + direct);
                    checkpoints.append(String.format(" at %d rows: heap %+d MB, direct %+d MB;", lines, heap / MB,
                            direct / MB));
                }
            }
        }
        LOG.infof("export of %d rows as %s: %d MB streamed in %d ms; live heap before %d MB, direct memory before "
                + "%d MB;%s heap after %d MB; max heap %d MB", ROWS, format, chars / MB,
                (System.nanoTime() - started) / 1_000_000, heapBefore / MB, directBefore / MB, checkpoints,
                liveHeap() / MB, Runtime.getRuntime().maxMemory() / MB);
        assertThat(chars / MB).as("the export is bigger than the memory it may hold").isGreaterThan(MAX_HELD_MB);
        return new Export(response.headers().firstValue("Content-Type").orElse(""), lines, first, last,
                held / MB);
    }

    /** Heap in use by reachable objects: used heap after full collections. */
    private static long liveHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** Direct buffers in use: the JDK's pools and Netty's own allocations (where Vert.x queues response bytes). */
    private static long directMemory() {
        long jdk = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        return jdk + Math.max(0, PlatformDependent.usedDirectMemory());
    }

    private record Export(String contentType, long lines, String first, String last, long heldMb) {
    }
}
