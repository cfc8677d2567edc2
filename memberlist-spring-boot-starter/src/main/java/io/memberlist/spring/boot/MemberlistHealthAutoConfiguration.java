package io.memberlist.spring.boot;

import io.memberlist.Memberlist;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code memberlist} health indicator ({@link MemberlistHealthIndicator}), when Actuator is on
 * the class path and {@code management.health.memberlist.enabled} is not false. A class of its
 * own so that applications without Actuator never load Actuator types.
 */
@AutoConfiguration(after = MemberlistAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnBean(Memberlist.class)
@ConditionalOnEnabledHealthIndicator("memberlist")
public class MemberlistHealthAutoConfiguration {
    /** Actuator lists it as {@code memberlist} (the bean name without "HealthIndicator"). */
    @Bean
    @ConditionalOnMissingBean(name = "memberlistHealthIndicator")
    public HealthIndicator memberlistHealthIndicator(Memberlist memberlist) {
        return new MemberlistHealthIndicator(memberlist);
    }
}
