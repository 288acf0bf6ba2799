package io.trackline.notification;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A customer's channel opt-outs and language, keyed by lower-case email address or E.164 phone number. */
@Entity
@Table(name = "customer_preference")
public class CustomerPreference extends PanacheEntityBase {

    @Id
    public String customer;

    @Column(name = "email_opt_out")
    public boolean emailOptOut;

    @Column(name = "sms_opt_out")
    public boolean smsOptOut;

    public String language;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "updated_by")
    public String updatedBy;

    /** True when the customer opted out of {@code channel} (EMAIL or SMS). */
    public boolean optedOut(String channel) {
        return "EMAIL".equals(channel) && emailOptOut || "SMS".equals(channel) && smsOptOut;
    }
}
