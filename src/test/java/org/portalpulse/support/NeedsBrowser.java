package org.portalpulse.support;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Drives Debian's Chromium and chromedriver (a class, or one test of it): {@code mvn verify -DexcludedGroups=browser} leaves it out. */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("browser")
public @interface NeedsBrowser {
}
