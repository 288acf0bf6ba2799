package io.trackline.notification;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A phone call customer service has to make (the PHONE channel). */
@Entity
@Table(name = "call_task")
public class CallTask extends PanacheEntityBase {

    public enum Status { OPEN, COMPLETED }

    public enum Outcome { REACHED, NO_ANSWER, LEFT_VOICEMAIL, WRONG_NUMBER, NOT_NEEDED }

    @Id
    public UUID id;

    @Column(name = "notification_id")
    public UUID notificationId;

    @Column(name = "tracking_number")
    public String trackingNumber;

    @Column(name = "order_id")
    public String orderId;

    @Column(name = "event_type")
    public String eventType;

    @Column(name = "customer_name")
    public String customerName;

    public String phone;
    public String language;
    public String reason;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Enumerated(EnumType.STRING)
    public Outcome outcome;

    public String note;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "completed_by")
    public String completedBy;

    /** The call a customer message on the PHONE channel asks for: open, for customer service. */
    public static CallTask open(UUID id, Notification message, String customerName, Instant now) {
        CallTask task = new CallTask();
        task.id = id;
        task.notificationId = message.id;
        task.trackingNumber = message.trackingNumber;
        task.orderId = message.orderId;
        task.eventType = message.eventType;
        task.customerName = customerName;
        task.phone = message.recipient;
        task.language = message.language;
        task.reason = message.body.strip();
        task.status = Status.OPEN;
        task.createdAt = now;
        return task;
    }
}
