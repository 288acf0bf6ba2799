package io.trackline.audit.query;

import java.util.List;

/** Everything kept about one shipment, in the order it happened (event time, then time of recording). */
public record ShipmentHistory(String trackingNumber, List<String> orderIds, List<HistoryEntry> entries) {
}
