package dev.rigger.template;
public class TemplateException extends dev.rigger.RiggerException { public TemplateException(String m) { super(m); } }
