package org.portalpulse.support;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Runs Debian's Prometheus or promtool: {@code mvn verify -DexcludedGroups=prometheus} leaves it out. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("prometheus")
public @interface NeedsPrometheus {
}
