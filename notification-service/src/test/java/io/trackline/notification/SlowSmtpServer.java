package io.trackline.notification;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SMTP server that takes every message and answers the end of DATA only after {@code replyDelay}: longer than the
 * client waits, so the client cannot tell whether its message arrived (the duplicate window of SMTP). Speaks just
 * enough SMTP for quarkus-mailer without TLS or authentication.
 */
final class SlowSmtpServer implements AutoCloseable {

    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID:\\s*(\\S+)\\s*$");

    /** One message as received: its recipients and its Message-ID header. */
    record Received(List<String> recipients, String messageId) {
    }

    private final ServerSocket socket;
    private final Duration replyDelay;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Socket> sessions = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    SlowSmtpServer(int port, Duration replyDelay) {
        this.replyDelay = replyDelay;
        try {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::accept, "slow-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    List<Received> receivedFor(String recipient) {
        return received.stream().filter(r -> r.recipients().stream().anyMatch(to -> to.contains(recipient))).toList();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                sessions.add(client);
                Thread session = new Thread(() -> serve(client), "slow-smtp-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client; BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                StandardCharsets.UTF_8)); OutputStream out = client.getOutputStream()) {
            reply(out, "220 slow.test ESMTP");
            List<String> recipients = new CopyOnWriteArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (command) {
                    case "EHLO", "HELO" -> reply(out, "250 slow.test");
                    case "MAIL" -> {
                        recipients.clear();
                        reply(out, "250 OK");
                    }
                    case "RCPT" -> {
                        recipients.add(line.substring(line.indexOf(':') + 1).trim());
                        reply(out, "250 OK");
                    }
                    case "DATA" -> {
                        reply(out, "354 go ahead");
                        StringBuilder data = new StringBuilder();
                        while ((line = in.readLine()) != null && !line.equals(".")) {
                            data.append(line).append('\n');
                        }
                        Matcher id = MESSAGE_ID.matcher(data);
                        received.add(new Received(List.copyOf(recipients), id.find() ? id.group(1) : null));
                        Thread.sleep(replyDelay.toMillis());
                        reply(out, "250 OK queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "250 OK"); // RSET, NOOP
                }
            }
        } catch (IOException e) {
            // the client gave up on the connection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Stops listening and drops every open session, so the client's pooled connections see the server gone. */
    @Override
    public void close() {
        try {
            socket.close();
            for (Socket session : sessions) {
                session.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
    }
}
