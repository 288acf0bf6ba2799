package io.trackline.notification;

import io.trackline.events.EventType;
import io.trackline.notification.matrix.Channel;
import io.trackline.notification.matrix.CommunicationMatrix;
import io.trackline.notification.matrix.MatrixFileException;
import io.trackline.notification.matrix.MatrixLoader;
import io.trackline.notification.matrix.MatrixParser;
import io.trackline.notification.matrix.RecipientKind;
import io.trackline.notification.render.Masking;
import io.trackline.notification.render.SmsSegments;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The matrix file and the pieces of rendering that need no running service. */
class MatrixAndRenderingTest {

    @Test
    void shouldShipTheMatrixOfTheDesign() {
        CommunicationMatrix matrix = MatrixLoader.shipped();
        assertThat(matrix.deliveriesFor(EventType.ORDER_CONFIRMED)).containsExactly(
                new CommunicationMatrix.Delivery(Channel.EMAIL, RecipientKind.CUSTOMER),
                new CommunicationMatrix.Delivery(Channel.SMS, RecipientKind.CUSTOMER));
        assertThat(matrix.deliveriesFor(EventType.IN_TRANSIT)).containsExactly(
                new CommunicationMatrix.Delivery(Channel.PORTAL, RecipientKind.CUSTOMER),
                new CommunicationMatrix.Delivery(Channel.INTERNAL_WEBHOOK, RecipientKind.INTERNAL_TEAMS));
        assertThat(matrix.deliveriesFor(EventType.EXCEPTION_RAISED)).containsExactly(
                new CommunicationMatrix.Delivery(Channel.EMAIL, RecipientKind.CUSTOMER),
                new CommunicationMatrix.Delivery(Channel.PHONE, RecipientKind.CUSTOMER),
                new CommunicationMatrix.Delivery(Channel.EMAIL, RecipientKind.MANAGEMENT));
        assertThat(matrix.deliveriesFor(EventType.ORDER_CLOSED)).isEmpty();
    }

    @Test
    void shouldNameTheLineOfAnUnknownChannel() {
        String yaml = """
                events:
                  Dispatched:
                    deliveries:
                      - { channel: EMAIL, recipient: CUSTOMER }
                      - { channel: PIGEON, recipient: CUSTOMER }
                """;
        assertThatThrownBy(() -> MatrixParser.parse(yaml, "ops.yaml")).isInstanceOf(MatrixFileException.class)
                .hasMessageStartingWith("ops.yaml line 5: unknown channel 'PIGEON'");
    }

    @Test
    void shouldNameTheLineOfAnUnknownEventTypeOrRecipient() {
        assertThatThrownBy(() -> MatrixParser.parse("""
                events:
                  OrderConfirmed:
                    deliveries: [{ channel: EMAIL, recipient: CUSTOMER }]
                  Shipped:
                    deliveries: []
                """, "m.yaml")).hasMessageStartingWith("m.yaml line 5: unknown event type 'Shipped'");
        assertThatThrownBy(() -> MatrixParser.parse("""
                events:
                  Delivered:
                    deliveries:
                      - channel: EMAIL
                        recipient: EVERYONE
                """, "m.yaml")).hasMessageStartingWith("m.yaml line 5: unknown recipient 'EVERYONE'");
        assertThatThrownBy(() -> MatrixParser.parse("""
                events:
                  Delivered:
                    deliveries:
                      - { channel: PHONE, recipient: MANAGEMENT }
                """, "m.yaml")).hasMessageStartingWith("m.yaml line 4: PHONE cannot reach MANAGEMENT");
    }

    @Test
    void shouldNameTheLineOfAYamlSyntaxErrorInAFileThatStopsStartUp() throws Exception {
        Path file = Files.createTempFile("matrix", ".yaml");
        Files.writeString(file, "events:\n  Delivered:\n    deliveries: [ { channel: EMAIL\n  Dispatched: x\n");
        try {
            assertThatThrownBy(() -> MatrixLoader.fromFile(file.toString()))
                    .isInstanceOf(MatrixFileException.class).hasMessageContaining(file + " line 4");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void shouldCountSmsSegmentsForGsmAndUnicodeTexts() {
        assertThat(SmsSegments.count("a".repeat(160))).isEqualTo(1);
        assertThat(SmsSegments.count("a".repeat(161))).isEqualTo(2);
        assertThat(SmsSegments.count("a".repeat(306))).isEqualTo(2);
        assertThat(SmsSegments.count("a".repeat(307))).isEqualTo(3);
        assertThat(SmsSegments.count("€".repeat(80))).as("extension characters take two septets").isEqualTo(1);
        assertThat(SmsSegments.count("€".repeat(81))).isEqualTo(2);
        assertThat(SmsSegments.count("Łódź " + "a".repeat(66))).as("one non-GSM character: UCS-2").isEqualTo(2);
        assertThat(SmsSegments.count("ł".repeat(70))).isEqualTo(1);
        assertThat(SmsSegments.count("ł".repeat(135))).isEqualTo(3);
    }

    @Test
    void shouldMaskRecipients() {
        assertThat(Masking.recipient("EMAIL", "ada@example.com")).isEqualTo("a***@example.com");
        assertThat(Masking.recipient("SMS", "+31612345678")).isEqualTo("+3161****678");
        assertThat(Masking.recipient("INTERNAL_WEBHOOK", "https://hooks.slack.com/services/T0/B0/secret"))
                .isEqualTo("https://hooks.slack.com/***");
    }
}
