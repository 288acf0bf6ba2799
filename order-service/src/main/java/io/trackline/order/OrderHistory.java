package io.trackline.order;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One thing that happened to an order, and who did it. */
@Entity
@Table(name = "order_history")
public class OrderHistory extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "order_id")
    public UUID orderId;
    public String action;
    public String actor;
    public String note;
    public Instant at;

    public static void record(UUID orderId, String action, String actor, String note, Instant at) {
        OrderHistory entry = new OrderHistory();
        entry.orderId = orderId;
        entry.action = action;
        entry.actor = actor;
        entry.note = note;
        entry.at = at;
        entry.persist();
    }

    public static List<OrderHistory> of(UUID orderId) {
        return list("orderId = ?1 order by at, id", orderId);
    }
}
