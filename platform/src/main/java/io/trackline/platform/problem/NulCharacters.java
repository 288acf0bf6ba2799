package io.trackline.platform.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Refuses U+0000 in every string of a REST body: PostgreSQL stores it in neither {@code text} nor {@code jsonb},
 * so it would fail the insert (a 500) or, published on, every consumer. JSON bodies are checked as they are read
 * (the REST layer's ObjectMapper); form fields with {@link FieldErrors#checkNoNul}. Both answer with a 400 problem
 * naming the field.
 */
@Singleton
public class NulCharacters implements ObjectMapperCustomizer {

    static final String MESSAGE = "must not contain the NUL character (U+0000)";

    public static boolean in(String value) {
        return value != null && value.indexOf('\u0000') >= 0;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("trackline-nul-characters")
                .addDeserializer(String.class, new NulFreeStringDeserializer()));
    }

    /** Jackson's own string reading, then the check; Jackson adds the field's path to the exception. */
    static final class NulFreeStringDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = super.deserialize(p, ctxt);
            if (in(value)) {
                throw new Refused(p);
            }
            return value;
        }
    }

    /** A string with U+0000 in a JSON body; {@link ProblemExceptionMappers} answers it with a 400. */
    public static final class Refused extends MismatchedInputException {

        Refused(JsonParser p) {
            super(p, MESSAGE, String.class);
        }
    }
}
