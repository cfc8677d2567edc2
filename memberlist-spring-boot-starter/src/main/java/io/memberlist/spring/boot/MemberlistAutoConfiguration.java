package io.memberlist.spring.boot;

import io.memberlist.Config;
import io.memberlist.Memberlist;
import io.memberlist.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Starts one cluster member per application context from the {@code memberlist.*} properties
 * ({@link MemberlistProperties}), joins at start and leaves at shutdown ({@link MemberlistLifecycle}),
 * reports metrics to the context's {@link MeterRegistry} when there is one (through
 * {@link MicrometerMetrics}, under the Go library's metric names). The Actuator health indicator
 * is {@link MemberlistHealthAutoConfiguration}'s.
 *
 * <p>An application that defines its own {@link Memberlist} bean keeps it; the lifecycle and the
 * health indicator then apply to that one. {@code memberlist.enabled=false} switches all of this off.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(Memberlist.class)
@ConditionalOnProperty(prefix = "memberlist", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(MemberlistProperties.class)
public class MemberlistAutoConfiguration {

    /**
     * The configuration: the properties, then every {@link MemberlistConfigCustomizer}, then the
     * metrics binding; validated once by {@link Config.Builder#build()}.
     */
    @Bean
    @ConditionalOnMissingBean
    public Config memberlistConfig(MemberlistProperties properties,
            ObjectProvider<MemberlistConfigCustomizer> customizers, ObjectProvider<MeterRegistry> registry) {
        Config.Builder builder = MemberlistConfigs.fromProperties(properties);
        MeterRegistry meters = registry.getIfUnique(); // Boot's composite registry when there are several
        if (meters != null) {
            builder.metrics(new MicrometerMetrics(meters));
        }
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    /**
     * The member, bound and running once the bean exists (a port already in use fails the start).
     * Closing the context closes it; the graceful leave comes first, from {@link MemberlistLifecycle}.
     */
    @Bean(destroyMethod = "shutdown")
    @ConditionalOnMissingBean
    public Memberlist memberlist(Config memberlistConfig) throws IOException {
        return Memberlist.create(memberlistConfig);
    }

    /** Joins {@code memberlist.join} after start; leaves before shutdown. */
    @Bean
    MemberlistLifecycle memberlistLifecycle(Memberlist memberlist, MemberlistProperties properties) {
        return new MemberlistLifecycle(memberlist, properties);
    }
}
