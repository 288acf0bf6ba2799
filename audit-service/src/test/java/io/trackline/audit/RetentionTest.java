package io.trackline.audit;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trackline.audit.chain.ChainVerifier;
import io.trackline.audit.service.AuditMaintenance;
import io.trackline.audit.service.AuditWriter;
import io.trackline.audit.service.DroppedPartition;
import io.trackline.audit.service.MaintenanceReport;
import io.trackline.testing.TestTokens;
import io.trackline.testing.TracklineTestEnvironment;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class,
        initArgs = @ResourceArg(name = "service", value = "audit"), scope = TestResourceScope.MATCHING_RESOURCES)
class RetentionTest {

    @Inject
    AuditMaintenance maintenance;

    @Inject
    AuditWriter writer;

    @Inject
    ChainVerifier verifier;

    @Inject
    Clock clock;

    @Test
    void shouldDropTheMonthOlderThanTheRetentionWholeAndNeverOneInsideIt() throws SQLException {
        Instant now = clock.instant();
        YearMonth current = AuditPartitions.monthOf(now);
        YearMonth expired = current.minusMonths(14);
        YearMonth holdingCutoff = current.minusMonths(13);
        YearMonth kept = current.minusMonths(12);
        maintenance.ensurePartitions(expired, kept);

        String oldId = "old-" + UUID.randomUUID();
        insertDirectly(oldId, expired.atDay(10).atStartOfDay(ZoneOffset.UTC).toInstant());
        Instant twelveMonthsAgo = now.atZone(ZoneOffset.UTC).minusMonths(12).toInstant();
        String keptId = "kept-" + UUID.randomUUID();
        AuditTestSupport.append(writer, keptId, twelveMonthsAgo);
        // Older than 13 months, but its month also holds records younger than that: the month stays whole
        Instant cutoff = now.atZone(ZoneOffset.UTC).minusMonths(13).toInstant();
        Instant edge = AuditPartitions.start(holdingCutoff).plusSeconds(60);
        boolean edgeOutside = edge.isBefore(cutoff);
        String edgeId = "edge-" + UUID.randomUUID();
        AuditTestSupport.append(writer, edgeId, edge);

        List<DroppedPartition> dropped = maintenance.expire(now);

        assertThat(dropped).extracting(DroppedPartition::partition).contains(AuditPartitions.name(expired))
                .doesNotContain(AuditPartitions.name(holdingCutoff), AuditPartitions.name(kept));
        DroppedPartition drop = dropped.stream()
                .filter(d -> d.partition().equals(AuditPartitions.name(expired))).findFirst().orElseThrow();
        assertThat(drop.records()).isEqualTo(1);
        assertThat(drop.retentionMonths()).isEqualTo(13);
        assertThat(AuditTestSupport.tableExists(AuditPartitions.name(expired))).isFalse();
        assertThat(AuditTestSupport.count("SELECT count(*) FROM audit_record WHERE event_id = ?", oldId)).isZero();
        assertThat(AuditTestSupport.tableExists(AuditPartitions.name(holdingCutoff))).isTrue();
        assertThat(AuditTestSupport.tableExists(AuditPartitions.name(kept))).isTrue();
        assertThat(AuditTestSupport.count("SELECT count(*) FROM audit_record WHERE event_id = ?", keptId))
                .isEqualTo(1);
        assertThat(AuditTestSupport.count("SELECT count(*) FROM audit_record WHERE event_id = ?", edgeId))
                .as("a record %s the cutoff, in the month holding it", edgeOutside ? "before" : "after")
                .isEqualTo(1);
        assertThat(AuditTestSupport.count(
                "SELECT count(*) FROM audit_retention_log WHERE partition_name = ? AND row_count = 1",
                AuditPartitions.name(expired))).isEqualTo(1);
        // What stays is still intact
        assertThat(verifier.verify(AuditPartitions.start(holdingCutoff), AuditPartitions.start(kept.plusMonths(1)))
                .intact()).isTrue();

        // Nothing more to drop on the next run
        assertThat(maintenance.expire(now)).isEmpty();
        given().header("Authorization", TestTokens.bearer("management"))
                .when().get("/api/v1/audit/retention")
                .then().statusCode(200).body("partition", hasItem(AuditPartitions.name(expired)));
    }

    @Test
    void shouldCreateThePartitionsOfTheComingMonthsAhead() {
        Instant now = clock.instant();
        YearMonth ahead = AuditPartitions.monthOf(now).plusMonths(3);
        AuditTestSupport.tamper("DROP TABLE IF EXISTS " + AuditPartitions.name(ahead));

        MaintenanceReport report = maintenance.run(now);

        assertThat(report.ran()).isTrue();
        assertThat(report.partitionsCreated()).isEqualTo(1);
        assertThat(AuditTestSupport.tableExists(AuditPartitions.name(ahead))).isTrue();
        assertThat(AuditTestSupport.tableExists(AuditPartitions.name(ahead.minusMonths(1)))).isTrue();
    }

    /**
     * Dropping a partition needs a moment's exclusive lock on the table; while an export or a verification reads
     * it, retention must give up soon rather than queue every writer behind its waiting lock.
     */
    @Test
    void shouldGiveWayToALongReadRatherThanStallTheWriters() throws Exception {
        Instant now = clock.instant();
        YearMonth expired = AuditPartitions.monthOf(now).minusMonths(15);
        maintenance.ensurePartitions(expired, expired);
        CompletableFuture<List<DroppedPartition>> retention;
        try (Connection reader = AuditTestSupport.db()) {
            reader.setAutoCommit(false);
            try (var read = reader.createStatement()) {
                read.executeQuery("SELECT count(*) FROM audit_record").close();
            }
            retention = CompletableFuture.supplyAsync(() -> maintenance.expire(now));
            await().atMost(Duration.ofSeconds(30)).until(() -> AuditTestSupport.count(
                    "SELECT count(*) FROM pg_locks WHERE NOT granted AND mode = 'AccessExclusiveLock' AND database = "
                    + "(SELECT oid FROM pg_database WHERE datname = current_database())") > 0);

            // Held up behind the waiting DROP for at most its lock timeout, then through
            String eventId = "while-dropping-" + UUID.randomUUID();
            AuditTestSupport.append(writer, eventId, now);
            assertThat(AuditTestSupport.count("SELECT count(*) FROM audit_record WHERE event_id = ?", eventId))
                    .isEqualTo(1);
            assertThatThrownBy(() -> retention.get(30, TimeUnit.SECONDS)).hasStackTraceContaining("lock timeout");
            assertThat(AuditTestSupport.tableExists(AuditPartitions.name(expired))).isTrue();
            reader.rollback();
        }
        assertThat(maintenance.expire(now)).extracting(DroppedPartition::partition)
                .contains(AuditPartitions.name(expired));
    }

    /** A row put straight into the database, past the service (not linked into any chain). */
    private static void insertDirectly(String eventId, Instant recordedAt) throws SQLException {
        try (Connection db = AuditTestSupport.db(); PreparedStatement insert = db.prepareStatement("""
                INSERT INTO audit_record (id, chain_seq, recorded_at, event_time, event_id, kind, type,
                    tracking_number, kafka_topic, kafka_partition, kafka_offset, payload, prev_hash, hash)
                VALUES (nextval('audit_record_id_seq'), 1, ?, ?, ?, 'LIFECYCLE', 'Delivered', 'TLOLD', 'test', 0, 0,
                    '{}', 'none', 'none')""")) {
            insert.setObject(1, AuditTestSupport.utc(recordedAt));
            insert.setObject(2, AuditTestSupport.utc(recordedAt));
            insert.setString(3, eventId);
            insert.executeUpdate();
        }
    }
}
