package io.trackline.notification.planning;

import io.trackline.notification.Notification;
import io.trackline.notification.config.NotificationConfig;
import io.trackline.notification.matrix.Channel;
import io.trackline.notification.matrix.CommunicationMatrix;
import io.trackline.notification.matrix.RecipientKind;
import io.trackline.notification.render.MessageRenderer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The messages about an event to the company's own people: management's distribution list, internal webhooks. */
@ApplicationScoped
class StaffMessages {

    @Inject
    CommunicationMatrix matrix;

    @Inject
    MessageRenderer renderer;

    @Inject
    MessageModels models;

    @Inject
    MessageDrafts drafts;

    @Inject
    NotificationConfig config;

    @Inject
    Clock clock;

    void plan(PlannedEvent planned) {
        for (CommunicationMatrix.Delivery delivery : matrix.deliveriesFor(planned.type())) {
            switch (delivery.recipient()) {
                case MANAGEMENT -> toManagement(planned);
                case INTERNAL_TEAMS -> toInternalTeams(planned);
                case CUSTOMER -> {
                }
            }
        }
    }

    private void toManagement(PlannedEvent planned) {
        List<String> list = configured(config.managementEmails());
        if (list.isEmpty()) {
            drafts.skip(planned, Channel.EMAIL, RecipientKind.MANAGEMENT, "", Notification.PURPOSE_EVENT,
                    "no management distribution list configured");
            return;
        }
        Notification n = drafts.draft(planned, Channel.EMAIL, RecipientKind.MANAGEMENT, String.join(",", list),
                Notification.PURPOSE_EVENT);
        MessageDrafts.fill(n, renderer.managementEmail(models.model(planned, Notification.PURPOSE_EVENT, "en", null)));
        drafts.pending(n, Instant.now(clock));
    }

    private void toInternalTeams(PlannedEvent planned) {
        List<String> urls = configured(config.internalWebhooks());
        if (urls.isEmpty()) {
            drafts.skip(planned, Channel.INTERNAL_WEBHOOK, RecipientKind.INTERNAL_TEAMS, "",
                    Notification.PURPOSE_EVENT, "no webhook configured");
            return;
        }
        String text = renderer.internalNote(models.model(planned, Notification.PURPOSE_EVENT, "en", null)).strip();
        for (String url : urls) {
            Notification n = drafts.draft(planned, Channel.INTERNAL_WEBHOOK, RecipientKind.INTERNAL_TEAMS, url,
                    Notification.PURPOSE_EVENT);
            n.template = "webhook/internal";
            n.language = "en";
            n.body = text;
            drafts.pending(n, Instant.now(clock));
        }
    }

    private static List<String> configured(Optional<List<String>> values) {
        return values.orElse(List.of()).stream().filter(s -> !s.isBlank()).toList();
    }
}
