package io.trackline.order.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.EventValidator;
import io.trackline.events.EventType;
import io.trackline.events.Events;
import io.trackline.events.Topics;
import io.trackline.events.TrackingNumbers;
import io.trackline.events.data.Customer;
import io.trackline.events.data.Destination;
import io.trackline.events.data.Item;
import io.trackline.events.data.OrderConfirmed;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.trackline.order.CustomerOrder;
import io.trackline.order.OrderHistory;
import io.trackline.order.config.OrderConfig;
import io.trackline.order.rest.OrderRequest;
import io.trackline.platform.outbox.Outbox;
import io.trackline.platform.problem.Problem;
import io.trackline.platform.problem.ProblemException;
import io.trackline.platform.security.TrackingLinks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import org.hibernate.exception.ConstraintViolationException;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Confirms orders: verify, assign a tracking number and first estimate, store, publish through the outbox. */
@ApplicationScoped
@Transactional
public class OrderService {

    public static final String EVENT_SOURCE = "/trackline/order-service";
    public static final String AGGREGATE_TYPE = "Order";

    /** The order, and whether this call created it (false: the answer to an earlier call with the same key). */
    public record Confirmation(CustomerOrder order, boolean created) {
    }

    @Inject
    OrderValidator validator;

    @Inject
    DeliveryEstimator estimator;

    @Inject
    OrderConfig config;

    @Inject
    TrackingLinks links;

    @Inject
    Outbox outbox;

    @Inject
    EntityManager entityManager;

    public Confirmation confirm(OrderRequest raw, String idempotencyKey, String actor) {
        OrderRequest request = validator.validate(raw);
        UUID orderId = UUID.randomUUID();
        if (idempotencyKey != null) {
            Optional<UUID> earlier = claimKey(idempotencyKey, hash(raw), orderId);
            if (earlier.isPresent()) {
                return new Confirmation(CustomerOrder.findById(earlier.get()), false);
            }
        }
        CustomerOrder.findByReference(request.source(), request.externalReference()).ifPresent(existing -> {
            throw ProblemException.conflict("order " + request.externalReference() + " from " + request.source()
                    + " exists already as " + existing.id);
        });
        CustomerOrder order = newOrder(orderId, request);
        CloudEvent confirmed = Events.create(EventType.ORDER_CONFIRMED, EVENT_SOURCE, order.trackingNumber,
                order.createdAt.atOffset(ZoneOffset.UTC), confirmedEvent(order, request),
                Map.of("orderid", order.id.toString()));
        requireValidEvent(confirmed);
        persistUnlessReferenceTaken(order);
        OrderHistory.record(order.id, "CONFIRMED", actor, "tracking number " + order.trackingNumber
                + ", estimated delivery " + order.estimatedDelivery, order.createdAt);
        outbox.add(Topics.SHIPMENT_LIFECYCLE, AGGREGATE_TYPE, confirmed);
        return new Confirmation(order, true);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<CustomerOrder> find(UUID id) {
        return CustomerOrder.findByIdOptional(id);
    }

    /** A page of orders, newest first, filtered by status and creation time (both optional). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public PanacheQuery<CustomerOrder> search(CustomerOrder.Status status, Instant from, Instant to) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (status != null) {
            query.append(" and status = :status");
            parameters.and("status", status);
        }
        if (from != null) {
            query.append(" and createdAt >= :from");
            parameters.and("from", from);
        }
        if (to != null) {
            query.append(" and createdAt < :to");
            parameters.and("to", to);
        }
        return CustomerOrder.find(query.toString(), Sort.descending("createdAt").and("id"), parameters);
    }

    /**
     * Claims an idempotency key for {@code orderId}. A concurrent request with the same key waits on the
     * unique index until the first one commits, then sees its row. Returns the earlier order when the key
     * was used before with the same body; 409 when it was used with another body.
     */
    private Optional<UUID> claimKey(String key, String requestHash, UUID orderId) {
        if (key.isBlank() || key.length() > 200) {
            throw ProblemException.badRequest("Idempotency-Key must have 1 to 200 characters");
        }
        int claimed = entityManager.createNativeQuery("""
                INSERT INTO idempotency_key (key, request_hash, order_id) VALUES (?1, ?2, ?3)
                ON CONFLICT DO NOTHING""")
                .setParameter(1, key).setParameter(2, requestHash).setParameter(3, orderId).executeUpdate();
        if (claimed == 1) {
            return Optional.empty();
        }
        Object[] row = (Object[]) entityManager.createNativeQuery(
                "SELECT request_hash, order_id FROM idempotency_key WHERE key = ?1")
                .setParameter(1, key).getSingleResult();
        if (!requestHash.equals(row[0])) {
            throw ProblemException.conflict("Idempotency-Key " + key + " was used before with a different order");
        }
        return Optional.of((UUID) row[1]);
    }

    /**
     * The check above answers the usual duplicate; two requests with the same reference at the same instant meet
     * at the unique constraint instead, and the loser gets the same 409, not a 500.
     */
    private void persistUnlessReferenceTaken(CustomerOrder order) {
        try {
            order.persistAndFlush();
        } catch (PersistenceException e) {
            if (e instanceof ConstraintViolationException violation
                    && "uq_order_reference".equals(violation.getConstraintName())) {
                throw ProblemException.conflict("order " + order.externalReference + " from " + order.orderSource
                        + " exists already");
            }
            throw e;
        }
    }

    /**
     * The event every consumer will check against the contract: an order whose event would be dead-lettered
     * downstream (an address the schema's email format refuses, say) is refused here, field by field.
     */
    private static void requireValidEvent(CloudEvent event) {
        List<String> problems = EventValidator.instance().problems(event);
        if (!problems.isEmpty()) {
            throw ProblemException.validation(problems.stream().map(OrderService::fieldError).toList());
        }
    }

    /** "data: /customer/email: does not match ..." becomes the field customer.email; /items/0/sku items[0].sku. */
    private static Problem.FieldError fieldError(String problem) {
        Matcher m = SCHEMA_PATH.matcher(problem);
        if (m.find()) {
            String path = m.group(1).replaceAll("/(\\d+)", "[$1]").replace('/', '.');
            String field = switch (path) {
                case "destination.city" -> "shippingAddress.city";
                case "destination.postalCode" -> "shippingAddress.postalCode";
                case "destination.country" -> "shippingAddress.country";
                default -> path;
            };
            return new Problem.FieldError(field, problem.substring(m.end()).trim());
        }
        return new Problem.FieldError("", problem);
    }

    private static final Pattern SCHEMA_PATH = Pattern.compile("^data: /([A-Za-z0-9_/]+):");

    private CustomerOrder newOrder(UUID id, OrderRequest request) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        CustomerOrder order = new CustomerOrder();
        order.id = id;
        order.externalReference = request.externalReference();
        order.orderSource = request.source();
        order.serviceLevel = request.serviceLevel();
        order.status = CustomerOrder.Status.CONFIRMED;
        order.customerName = request.customer().name();
        order.customerEmail = request.customer().email();
        order.customerPhone = request.customer().phone();
        order.customerLanguage = request.customer().language();
        order.customerTimeZone = request.customer().timeZone();
        order.addressLine1 = request.shippingAddress().line1();
        order.addressLine2 = request.shippingAddress().line2();
        order.addressCity = request.shippingAddress().city();
        order.addressPostalCode = request.shippingAddress().postalCode();
        order.addressCountry = request.shippingAddress().country();
        order.items = json(request.items());
        order.trackingNumber = newTrackingNumber();
        order.estimatedDelivery = estimator.estimate(request.serviceLevel(), now);
        order.createdAt = now;
        order.updatedAt = now;
        return order;
    }

    private String newTrackingNumber() {
        // Random serials collide rarely; try again rather than fail the order.
        for (int attempt = 0; attempt < 10; attempt++) {
            String candidate = TrackingNumbers.generate(config.trackingPrefix(), config.trackingSuffix());
            if (CustomerOrder.findByTrackingNumber(candidate).isEmpty()) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free tracking number after 10 attempts");
    }

    private OrderConfirmed confirmedEvent(CustomerOrder order, OrderRequest request) {
        List<Item> items = request.items().stream()
                .map(i -> new Item(i.sku(), i.description(), i.quantity())).toList();
        return new OrderConfirmed(order.id.toString(), order.externalReference, order.orderSource,
                order.serviceLevel,
                new Customer(order.customerName, order.customerEmail, order.customerPhone, order.customerLanguage,
                        order.customerTimeZone),
                new Destination(order.addressCity, order.addressPostalCode, order.addressCountry),
                items, order.trackingNumber, links.link(order.trackingNumber), order.estimatedDelivery);
    }

    private static String json(Object value) {
        try {
            return EventCodec.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hash(OrderRequest request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(json(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
