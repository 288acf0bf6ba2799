package io.trackline.notification.render;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.trackline.events.data.ExceptionReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * Renders messages from the Qute templates under {@code templates/}: per channel and language one file holding a
 * section per event type ({@code email/<lang>.html}, {@code email/<lang>.txt}, {@code email/subject.<lang>.txt},
 * {@code sms/<lang>.txt}); management and internal notes in English.
 */
@ApplicationScoped
public class MessageRenderer {

    private static final Map<String, Map<ExceptionReason, String>> REASONS = Map.of(
            "en", Map.of(ExceptionReason.WEATHER, "bad weather", ExceptionReason.ADDRESS_ISSUE,
                    "a problem with the delivery address", ExceptionReason.RECIPIENT_UNAVAILABLE,
                    "nobody was available to receive the parcel", ExceptionReason.FAILED_ATTEMPT,
                    "a failed delivery attempt", ExceptionReason.DAMAGED, "damage to the parcel",
                    ExceptionReason.LOST, "the parcel cannot be found", ExceptionReason.CUSTOMS, "a customs check",
                    ExceptionReason.CARRIER_DELAY, "a delay at the carrier", ExceptionReason.DELAY_DETECTED,
                    "a delay in transit", ExceptionReason.OTHER, "an unexpected problem"),
            "nl", Map.of(ExceptionReason.WEATHER, "slecht weer", ExceptionReason.ADDRESS_ISSUE,
                    "een probleem met het bezorgadres", ExceptionReason.RECIPIENT_UNAVAILABLE,
                    "er was niemand om het pakket aan te nemen", ExceptionReason.FAILED_ATTEMPT,
                    "een mislukte bezorgpoging", ExceptionReason.DAMAGED, "schade aan het pakket",
                    ExceptionReason.LOST, "het pakket is zoek", ExceptionReason.CUSTOMS, "een douanecontrole",
                    ExceptionReason.CARRIER_DELAY, "vertraging bij de vervoerder", ExceptionReason.DELAY_DETECTED,
                    "vertraging onderweg", ExceptionReason.OTHER, "een onverwacht probleem"));

    @Inject
    Engine engine;

    public RenderedEmail customerEmail(MessageModel model) {
        String lang = model.language();
        return new RenderedEmail("email/" + model.kind() + "/" + lang,
                lang, oneLine(render("email/subject." + lang + ".txt", model)),
                tidy(render("email/" + lang + ".txt", model)), render("email/" + lang + ".html", model));
    }

    public RenderedEmail managementEmail(MessageModel model) {
        return new RenderedEmail("email/management/" + model.kind(), "en",
                oneLine(render("email/management-subject.txt", model)),
                tidy(render("email/management.txt", model)), render("email/management.html", model));
    }

    public RenderedSms sms(MessageModel model) {
        String text = oneLine(render("sms/" + model.language() + ".txt", model));
        return new RenderedSms("sms/" + model.kind() + "/" + model.language(), model.language(), text,
                SmsSegments.count(text));
    }

    public String internalNote(MessageModel model) {
        return tidy(render("webhook/internal.txt", model));
    }

    public String callReason(MessageModel model) {
        return tidy(render("call/reason.txt", model));
    }

    public static String reasonText(ExceptionReason reason, String language) {
        if (reason == null) {
            return null;
        }
        return REASONS.getOrDefault(language, REASONS.get("en")).get(reason);
    }

    public static String date(LocalDate date, String language) {
        if (date == null) {
            return null;
        }
        return DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.forLanguageTag(language)).format(date);
    }

    private String render(String id, MessageModel model) {
        Template template = engine.getTemplate(id);
        if (template == null) {
            throw new IllegalStateException("template " + id + " is missing");
        }
        return template.data("m", model).render();
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\n\\s*", " ");
    }

    /** Template whitespace: no trailing spaces, at most one empty line in a row. */
    private static String tidy(String text) {
        return text.strip().replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n") + "\n";
    }
}
