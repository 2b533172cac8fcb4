#include "pipeline/color.h"

#include <lcms2.h>
#include <lcms2_plugin.h>

#include <cstdlib>
#include <memory>

#include "pipeline/cmyk_naive.h"

namespace tk {
namespace {

struct ProfileCloser {
  void operator()(void* p) const { cmsCloseProfile(p); }
};
struct TransformDeleter {
  void operator()(void* t) const { cmsDeleteTransform(t); }
};
using Profile = std::unique_ptr<void, ProfileCloser>;
using Transform = std::unique_ptr<void, TransformDeleter>;

// lcms2 2.14 crashes when allocating a profile's mutex fails (it initialises a NULL mutex), and
// reports any failed allocation as an unusable profile. So each conversion runs in its own lcms
// context whose objects never leave the calling thread: its mutexes need no memory, and its
// allocator notes failures so that they surface as TK_ERR_OUT_OF_MEMORY, not as unconverted
// colours.
thread_local bool t_lcms_out_of_memory = false;
constexpr cmsUInt32Number kLcmsMaxAlloc = 512u << 20;  // lcms2's own cap on one allocation

void* LcmsMalloc(cmsContext, cmsUInt32Number size) {
  if (size > kLcmsMaxAlloc) return nullptr;  // a hostile profile, not a lack of memory
  void* p = std::malloc(size);
  if (p == nullptr) t_lcms_out_of_memory = true;
  return p;
}
void LcmsFree(cmsContext, void* p) {
  std::free(p);
}
void* LcmsRealloc(cmsContext, void* p, cmsUInt32Number size) {
  if (size > kLcmsMaxAlloc) return nullptr;
  void* q = std::realloc(p, size);
  if (q == nullptr) t_lcms_out_of_memory = true;
  return q;
}
void* NoMutexCreate(cmsContext) {
  static char unused;
  return &unused;
}
void NoMutexDestroy(cmsContext, void*) {}
cmsBool NoMutexLock(cmsContext, void*) {
  return TRUE;
}
void NoMutexUnlock(cmsContext, void*) {}

class LcmsContext {
 public:
  LcmsContext() {
    static cmsPluginMutex mutex = {{cmsPluginMagicNumber, 2080, cmsPluginMutexSig, nullptr},
                                   NoMutexCreate,
                                   NoMutexDestroy,
                                   NoMutexLock,
                                   NoMutexUnlock};
    static cmsPluginMemHandler memory = {
        {cmsPluginMagicNumber, 2080, cmsPluginMemHandlerSig, &mutex.base},
        LcmsMalloc,
        LcmsFree,
        LcmsRealloc,
        nullptr,
        nullptr,
        nullptr};
    t_lcms_out_of_memory = false;
    id_ = cmsCreateContext(&memory, nullptr);
  }
  ~LcmsContext() {
    if (id_ != nullptr) cmsDeleteContext(id_);
  }
  LcmsContext(const LcmsContext&) = delete;
  LcmsContext& operator=(const LcmsContext&) = delete;

  cmsContext id() const { return id_; }
  bool out_of_memory() const { return id_ == nullptr || t_lcms_out_of_memory; }

 private:
  cmsContext id_ = nullptr;
};

Status LcmsOutOfMemory() {
  return Status(TK_ERR_OUT_OF_MEMORY, "out of memory converting colours (lcms2)");
}

Profile OpenProfile(cmsContext lcms, const std::vector<uint8_t>& icc) {
  if (icc.empty()) return nullptr;
  return Profile(
      cmsOpenProfileFromMemTHR(lcms, icc.data(), static_cast<cmsUInt32Number>(icc.size())));
}

}  // namespace

Status CmykToSrgb(const Image& cmyk, const std::vector<uint8_t>& icc, Image& rgb) {
  if (cmyk.channels() != 4 || cmyk.bytes_per_sample() != 1) {
    return Status(TK_ERR_INTERNAL, "CMYK conversion expects 8-bit 4-channel pixels");
  }
  Image out;
  TK_RETURN_IF_ERROR(Image::Allocate(cmyk.width(), cmyk.height(), 3, 1, out));
  const LcmsContext lcms;  // declared first: outlives the profiles and the transform
  if (lcms.out_of_memory()) return LcmsOutOfMemory();
  Profile source = OpenProfile(lcms.id(), icc);
  Transform transform;
  if (source && cmsGetColorSpace(source.get()) == cmsSigCmykData) {
    Profile srgb(cmsCreate_sRGBProfileTHR(lcms.id()));
    if (srgb) {
      transform.reset(cmsCreateTransformTHR(lcms.id(), source.get(), TYPE_CMYK_8, srgb.get(),
                                            TYPE_RGB_8, INTENT_PERCEPTUAL, 0));
    }
  }
  if (lcms.out_of_memory()) return LcmsOutOfMemory();
  for (uint32_t y = 0; y < cmyk.height(); ++y) {
    if (transform) {
      cmsDoTransform(transform.get(), cmyk.row(y), out.row(y), cmyk.width());
    } else {
      NaiveCmykRow(cmyk.row(y), out.row(y), cmyk.width());
    }
  }
  rgb = std::move(out);
  return OkStatus();
}

Status RgbProfileToSrgb(Image& image, const std::vector<uint8_t>& icc, bool& converted) {
  converted = false;
  if (image.bytes_per_sample() != 1 || image.channels() < 3) return OkStatus();
  const LcmsContext lcms;  // declared first: outlives the profiles and the transform
  if (lcms.out_of_memory()) return LcmsOutOfMemory();
  Profile source = OpenProfile(lcms.id(), icc);
  if (lcms.out_of_memory()) return LcmsOutOfMemory();
  if (!source || cmsGetColorSpace(source.get()) != cmsSigRgbData) return OkStatus();
  Profile srgb(cmsCreate_sRGBProfileTHR(lcms.id()));
  if (!srgb) return LcmsOutOfMemory();
  const bool alpha = image.channels() == 4;
  const cmsUInt32Number format = alpha ? TYPE_RGBA_8 : TYPE_RGB_8;
  Transform transform(cmsCreateTransformTHR(lcms.id(), source.get(), format, srgb.get(), format,
                                            INTENT_PERCEPTUAL, alpha ? cmsFLAGS_COPY_ALPHA : 0));
  if (lcms.out_of_memory()) return LcmsOutOfMemory();
  if (!transform) return OkStatus();  // an unusable profile: keep the pixels as they are
  for (uint32_t y = 0; y < image.height(); ++y) {
    cmsDoTransform(transform.get(), image.row(y), image.row(y), image.width());
  }
  converted = true;
  return OkStatus();
}

}  // namespace tk
