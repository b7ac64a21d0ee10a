// Where a service image of the user's comes from: the engine the harness itself runs on, outside the
// Docker hosts. Saved once per run to a local tar file that each host then loads.
export interface ImageSource {
  // A local `docker save` tar file of the image (the same file for every host of the run).
  save(image: string): Promise<string>;
}
