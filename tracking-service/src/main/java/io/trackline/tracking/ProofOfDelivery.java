package io.trackline.tracking;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Entity
@Table(name = "proof_of_delivery")
public class ProofOfDelivery extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "tracking_number", columnDefinition = "bpchar")
    public String trackingNumber;
    @Column(name = "recipient_name")
    public String recipientName;
    @Column(name = "delivered_at")
    public Instant deliveredAt;
    public Double latitude;
    public Double longitude;
    public byte[] signature;
    @Column(name = "signature_type")
    public String signatureType;
    public byte[] photo;
    @Column(name = "photo_type")
    public String photoType;
    @Column(name = "recorded_by")
    public String recordedBy;
    @Column(name = "created_at")
    public Instant createdAt;

    public static List<ProofOfDelivery> forShipment(String trackingNumber) {
        return list("trackingNumber = ?1 order by createdAt", trackingNumber);
    }
}
