// Placeholder so the module builds while its contents are written; replaced by the real module.
