package main

import (
	"errors"
	"io"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
)

// frame is a message passed through undecoded.
type frame struct{ data []byte }

// frameCodec hands frames over as bytes and everything else (GeneratePackage's messages) to protobuf.
type frameCodec struct{}

func (frameCodec) Marshal(v any) ([]byte, error) {
	if f, ok := v.(*frame); ok {
		return f.data, nil
	}
	return proto.Marshal(v.(proto.Message))
}

func (frameCodec) Unmarshal(data []byte, v any) error {
	if f, ok := v.(*frame); ok {
		f.data = append([]byte(nil), data...)
		return nil
	}
	return proto.Unmarshal(data, v.(proto.Message))
}

func (frameCodec) Name() string { return "proto" }

// passThrough forwards one call, unary or streaming, to the upstream host and its answer back,
// status and trailers included (an Unimplemented from the v3.68.0 host reaches the engine as such,
// which then falls back as it would with that host alone).
func passThrough(upstream *grpc.ClientConn) grpc.StreamHandler {
	return func(_ any, in grpc.ServerStream) error {
		method, _ := grpc.MethodFromServerStream(in)
		desc := &grpc.StreamDesc{ServerStreams: true, ClientStreams: true}
		out, err := upstream.NewStream(in.Context(), desc, method, grpc.ForceCodec(frameCodec{}))
		if err != nil {
			return err
		}
		// Requests up; a failure here ends the call through the context, which both sides share.
		go func() {
			for {
				f := new(frame)
				if err := in.RecvMsg(f); err != nil {
					if errors.Is(err, io.EOF) {
						_ = out.CloseSend()
					}
					return
				}
				if out.SendMsg(f) != nil {
					return
				}
			}
		}()
		if header, err := out.Header(); err == nil {
			_ = in.SendHeader(header)
		}
		for {
			f := new(frame)
			if err := out.RecvMsg(f); err != nil {
				in.SetTrailer(out.Trailer())
				if errors.Is(err, io.EOF) {
					return nil
				}
				return err // the upstream status, as is
			}
			if err := in.SendMsg(f); err != nil {
				return err
			}
		}
	}
}
