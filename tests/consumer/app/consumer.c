/* Out-of-tree C consumer: builds against an installed thumbkit, makes a 64-wide thumbnail of
 * argv[1] and checks it with tk_probe. Exit 0 on success. */
#include <stdio.h>
#include <stdlib.h>
#include <thumbkit/thumbkit.h>

static unsigned char* read_file(const char* path, size_t* size) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  unsigned char* data = NULL;
  long n = -1;
  if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0) {
    data = (unsigned char*)malloc((size_t)n);
    if (data && fread(data, 1, (size_t)n, f) != (size_t)n) {
      free(data);
      data = NULL;
    }
  }
  fclose(f);
  *size = n > 0 ? (size_t)n : 0;
  return data;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s IMAGE\n", argv[0]);
    return 2;
  }
  size_t size = 0;
  unsigned char* bytes = read_file(argv[1], &size);
  if (!bytes) {
    fprintf(stderr, "consumer.c: cannot read %s\n", argv[1]);
    return 1;
  }
  int rc = 1;
  tk_ctx* ctx = tk_ctx_new();
  tk_output out = TK_OUTPUT_INIT;
  tk_info info = TK_INFO_INIT;
  tk_status s = ctx ? tk_set_int(ctx, TK_PARAM_WIDTH, 64) : TK_ERR_OUT_OF_MEMORY;
  if (s == TK_OK) s = tk_thumbnail(ctx, bytes, size, &out);
  if (s == TK_OK) s = tk_probe(ctx, out.data, out.size, &info);
  if (s != TK_OK) {
    fprintf(stderr, "consumer.c: %s: %s\n", tk_status_name(s), tk_last_error(ctx));
  } else if (out.width != 64 || info.width != out.width || info.height != out.height ||
             info.format != out.format || out.height == 0) {
    fprintf(stderr, "consumer.c: bad thumbnail: out %ux%u %s, probed %ux%u %s\n", out.width,
            out.height, tk_format_name(out.format), info.width, info.height,
            tk_format_name(info.format));
  } else {
    printf("consumer.c: thumbkit %s: %ux%u %s, %zu bytes\n", tk_version_string(), info.width,
           info.height, tk_format_name(info.format), out.size);
    rc = 0;
  }
  tk_free(out.data);
  tk_ctx_free(ctx);
  free(bytes);
  return rc;
}
