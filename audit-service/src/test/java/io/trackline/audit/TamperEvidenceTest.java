package io.trackline.audit;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.trackline.audit.chain.ChainVerifier;
import io.trackline.audit.chain.ChainedRow;
import io.trackline.audit.chain.VerifyReport;
import io.trackline.audit.service.AuditMaintenance;
import io.trackline.audit.service.AuditWriter;
import io.trackline.audit.service.NewEntry;
import io.trackline.testing.TestTokens;
import io.trackline.testing.TracklineTestEnvironment;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** Each test works in a month of its own, so the chains it breaks are no other test's. */
@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class,
        initArgs = @ResourceArg(name = "service", value = "audit"), scope = TestResourceScope.MATCHING_RESOURCES)
class TamperEvidenceTest {

    @Inject
    AuditWriter writer;

    @Inject
    AuditMaintenance maintenance;

    @Inject
    ChainVerifier verifier;

    @Inject
    Clock clock;

    @Test
    void shouldFindTheRowThatWasChangedDirectlyInTheDatabase() {
        YearMonth month = month(6);
        List<ChainedRow> rows = appendRows(month, 5);
        assertThat(verify(month)).satisfies(report -> {
            assertThat(report.intact()).isTrue();
            assertThat(report.chainsChecked()).isEqualTo(1);
            assertThat(report.recordsChecked()).isEqualTo(5);
        });

        ChainedRow changed = rows.get(2);
        String storedHash = hashOf(changed);
        assertThat(AuditTestSupport.tamper("UPDATE audit_record SET payload = '{\"forged\":true}' WHERE id = ?",
                changed.id())).isEqualTo(1);

        given().header("Authorization", TestTokens.bearer("ops"))
                .queryParam("from", AuditPartitions.start(month).plusSeconds(3600).toString())
                .queryParam("to", AuditPartitions.start(month).plusSeconds(7200).toString())
                .when().get("/api/v1/audit/verify")
                .then().statusCode(200)
                .body("intact", equalTo(false))
                .body("chainsChecked", equalTo(1))
                .body("recordsChecked", equalTo(3))
                .body("firstBrokenLink.problem", equalTo("CONTENT_CHANGED"))
                .body("firstBrokenLink.id", equalTo((int) changed.id()))
                .body("firstBrokenLink.chainSeq", equalTo(3))
                .body("firstBrokenLink.recordedAt", equalTo(changed.recordedAt().toString()))
                .body("firstBrokenLink.stored", equalTo(storedHash))
                .body("firstBrokenLink.expected", not(equalTo(storedHash)));
    }

    @Test
    void shouldFindARowRemovedFromTheMiddleOrTheEndOfAChain() {
        YearMonth middle = month(7);
        List<ChainedRow> rows = appendRows(middle, 4);
        AuditTestSupport.tamper("DELETE FROM audit_record WHERE id = ?", rows.get(1).id());
        VerifyReport report = verify(middle);
        assertThat(report.intact()).isFalse();
        assertThat(report.firstBrokenLink().problem()).isEqualTo("SEQUENCE_GAP");
        assertThat(report.firstBrokenLink().id()).isEqualTo(rows.get(2).id());

        YearMonth end = month(10);
        List<ChainedRow> tail = appendRows(end, 3);
        AuditTestSupport.tamper("DELETE FROM audit_record WHERE id = ?", tail.get(2).id());
        VerifyReport truncated = verify(end);
        assertThat(truncated.intact()).isFalse();
        assertThat(truncated.firstBrokenLink().problem()).isEqualTo("HEAD_MISMATCH");
        assertThat(truncated.firstBrokenLink().chainSeq()).isEqualTo(2);
    }

    @Test
    void shouldRefuseToUpdateOrDeleteThroughTheApplicationsOwnAccess() {
        YearMonth month = month(11);
        ChainedRow row = appendRows(month, 1).get(0);
        try (Connection db = AuditTestSupport.db(); Statement statement = db.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate(
                    "UPDATE audit_record SET payload = 'x' WHERE id = " + row.id()))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM audit_record WHERE id = " + row.id()))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        assertThat(verify(month).intact()).isTrue();
    }

    @Test
    void shouldKeepOneConsistentChainWhenManyWritersAppendAtOnce() throws Exception {
        YearMonth month = month(5);
        maintenance.ensurePartitions(month, month);
        Instant at = AuditPartitions.start(month).plusSeconds(86_400);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        AuditTestSupport.append(writer, "concurrent-" + UUID.randomUUID(), at.plusMillis(i));
                    }
                }));
            }
            for (Future<?> future : writers) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        VerifyReport report = verify(month);
        assertThat(report.firstBrokenLink()).isNull();
        assertThat(report.intact()).isTrue();
        assertThat(report.recordsChecked()).isEqualTo(400);
        assertThat(AuditTestSupport.count("SELECT max(chain_seq) FROM " + AuditPartitions.name(month)))
                .isEqualTo(400);
    }

    @Test
    void shouldLinkTheRowsOneTransactionAppendsAtCommitInOrderAndNoneWhenItRollsBack() throws SQLException {
        String kept = "at-commit-" + UUID.randomUUID() + "-";
        String dropped = "rolled-back-" + UUID.randomUUID() + "-";
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < 5; i++) {
                writer.appendAtCommit(entry(kept + i));
            }
        });
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            writer.appendAtCommit(entry(dropped + 0));
            throw new IllegalStateException("the batch fails");
        })).isInstanceOf(IllegalStateException.class);

        List<String[]> rows = new ArrayList<>(); // event id, chain seq, prev hash, hash
        try (Connection db = AuditTestSupport.db(); PreparedStatement query = db.prepareStatement("""
                SELECT event_id, chain_seq, prev_hash, hash FROM audit_record WHERE event_id LIKE ? OR event_id LIKE ?
                ORDER BY chain_seq""")) {
            query.setString(1, kept + "%");
            query.setString(2, dropped + "%");
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new String[] {result.getString(1), String.valueOf(result.getLong(2)), result.getString(3),
                            result.getString(4)});
                }
            }
        }
        assertThat(rows).extracting(r -> r[0]).containsExactly(kept + 0, kept + 1, kept + 2, kept + 3, kept + 4);
        for (int i = 1; i < rows.size(); i++) {
            assertThat(Long.parseLong(rows.get(i)[1])).isEqualTo(Long.parseLong(rows.get(i - 1)[1]) + 1);
            assertThat(rows.get(i)[2]).isEqualTo(rows.get(i - 1)[3]);
        }
        VerifyReport report = verify(AuditPartitions.monthOf(clock.instant()));
        assertThat(report.firstBrokenLink()).isNull();
        assertThat(report.intact()).isTrue();
    }

    private static NewEntry entry(String eventId) {
        return new NewEntry(eventId, AuditRecord.Kind.LIFECYCLE, "InTransit", "TLTEST", "o-test", "/test",
                Instant.now().minusSeconds(5), "trackline.shipment.lifecycle", 0, 0, null, null,
                "{\"specversion\":\"1.0\",\"id\":\"" + eventId + "\"}");
    }

    private YearMonth month(int monthsAgo) {
        return AuditPartitions.monthOf(clock.instant()).minusMonths(monthsAgo);
    }

    private VerifyReport verify(YearMonth month) {
        return verifier.verify(AuditPartitions.start(month), AuditPartitions.start(month.plusMonths(1)));
    }

    /** Appends {@code count} chained rows an hour apart from the start of {@code month}. */
    private List<ChainedRow> appendRows(YearMonth month, int count) {
        maintenance.ensurePartitions(month, month);
        List<ChainedRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(AuditTestSupport.append(writer, "tamper-" + UUID.randomUUID(),
                    AuditPartitions.start(month).plusSeconds(3600L * i + 60)));
        }
        return rows;
    }

    private static String hashOf(ChainedRow row) {
        return AuditTestSupport.stringValue("SELECT hash FROM audit_record WHERE id = ?", row.id());
    }
}
