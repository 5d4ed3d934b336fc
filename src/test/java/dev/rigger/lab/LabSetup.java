package dev.rigger.lab;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** How many lab rigs a test class needs, and whether light ones (sshd alone, no systemd) will do. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface LabSetup {
    int rigs() default 2;

    boolean light() default false;
}
