/* Conan test_package: the library links and answers; no image file needed. */
#include <stdio.h>
#include <thumbkit/thumbkit.h>

int main(void) {
  tk_ctx* ctx = tk_ctx_new();
  if (ctx == NULL) return 1;
  /* Not an image: the library must answer with a status, not crash. */
  static const unsigned char junk[4] = {'j', 'u', 'n', 'k'};
  tk_info info = TK_INFO_INIT;
  const tk_status s = tk_probe(ctx, junk, sizeof junk, &info);
  printf("thumbkit %s: probe of junk -> %s\n", tk_version_string(), tk_status_name(s));
  tk_ctx_free(ctx);
  return s == TK_ERR_UNKNOWN_FORMAT ? 0 : 1;
}
