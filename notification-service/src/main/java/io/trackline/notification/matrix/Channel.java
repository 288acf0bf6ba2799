package io.trackline.notification.matrix;

/** How a message reaches its recipient. PORTAL is the public tracking page: it needs no message. */
public enum Channel {
    EMAIL,
    SMS,
    PHONE,
    PORTAL,
    INTERNAL_WEBHOOK
}
