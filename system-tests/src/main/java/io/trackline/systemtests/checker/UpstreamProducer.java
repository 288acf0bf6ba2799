package io.trackline.systemtests.checker;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Properties;

/** A producer as an upstream system configures one: all acknowledgements, idempotent, patient through outages. */
final class UpstreamProducer {

    private UpstreamProducer() {
    }

    static KafkaProducer<String, byte[]> create(String bootstrapServers, String clientId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // the 2 MB poison record reaches the broker, which decides
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(4 * 1024 * 1024));
        // rides out a broker outage of a minute or two, as an upstream system's producer would
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "240000");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "240000");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}
