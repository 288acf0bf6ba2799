package io.trackline.devsinks;

import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import jakarta.mail.internet.MimeMessage;

import java.util.function.Consumer;

/** The one "user" all mail is delivered to: records each SMTP transaction once and stores nothing else. */
final class SinkUser implements GreenMailUser {

    private final Consumer<MovingMessage> recorder;

    // GreenMail delivers a transaction to its recipients one after another on one thread (SmtpManager.send
    // is synchronized), so remembering the last message is enough to record each transaction once.
    private MovingMessage last;

    SinkUser(Consumer<MovingMessage> recorder) {
        this.recorder = recorder;
    }

    @Override
    public synchronized void deliver(MovingMessage message) {
        if (message != last) {
            last = message;
            recorder.accept(message);
        }
    }

    @Override
    public void deliver(MimeMessage message) {
        MovingMessage moving = new MovingMessage();
        moving.setMimeMessage(message);
        deliver(moving);
    }

    @Override
    public String getEmail() {
        return "sink@localhost";
    }

    @Override
    public String getLogin() {
        return "sink";
    }

    @Override
    public void create() {
    }

    @Override
    public void delete() {
    }

    @Override
    public String getPassword() {
        return "";
    }

    @Override
    public void setPassword(String password) {
    }

    @Override
    public void authenticate(String password) {
    }

    @Override
    public String getQualifiedMailboxName() {
        return "sink";
    }
}
