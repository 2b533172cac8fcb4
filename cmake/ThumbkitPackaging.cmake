# install rules come with the capi
