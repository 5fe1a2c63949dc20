using Trust.Samples.Licence;

return await LicenceSample.RunAsync(Console.Out);
