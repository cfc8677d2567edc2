package io.memberlist.examples.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A web service that knows its peers: start several with different {@code memberlist.name} and
 * ports, point {@code memberlist.join} at one of them, and each lists the others at
 * {@code GET /members} and reports the cluster at {@code GET /actuator/health}.
 */
@SpringBootApplication
public class SampleApplication {
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
